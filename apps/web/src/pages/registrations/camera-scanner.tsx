import { Text } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

// The Shape Detection API is not in TypeScript's DOM library yet.
interface DetectedBarcode {
  rawValue: string;
}
interface BarcodeDetectorLike {
  detect(source: CanvasImageSource): Promise<DetectedBarcode[]>;
}
type BarcodeDetectorCtor = new (options: { formats: string[] }) => BarcodeDetectorLike;
const detectorClass = (): BarcodeDetectorCtor | undefined =>
  (globalThis as { BarcodeDetector?: BarcodeDetectorCtor }).BarcodeDetector;

const SCAN_EVERY_MS = 250;
/** The same code read again within this time is the same person still holding up their ticket. */
const REPEAT_MS = 3000;

/** Whether this browser can scan QR codes with a camera; elsewhere the door types codes in. */
export function canScan(): boolean {
  return detectorClass() !== undefined && typeof navigator.mediaDevices?.getUserMedia === 'function';
}

/** Shows the rear camera and reports each QR code it reads. */
export function CameraScanner({ onCode, onError }: { onCode: (code: string) => void; onError: () => void }) {
  const { t } = useTranslation();
  const video = useRef<HTMLVideoElement>(null);
  const [failed, setFailed] = useState(false);
  const report = useRef(onCode);
  report.current = onCode;
  const fail = useRef(onError);
  fail.current = onError;

  useEffect(() => {
    const Detector = detectorClass();
    if (!Detector) return;
    const detector = new Detector({ formats: ['qr_code'] });
    let stream: MediaStream | null = null;
    let timer: ReturnType<typeof setInterval> | undefined;
    let last = { code: '', at: 0 };
    let stopped = false;
    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: 'environment' } })
      .then(async (s) => {
        if (stopped) {
          for (const track of s.getTracks()) track.stop();
          return;
        }
        stream = s;
        if (!video.current) return;
        video.current.srcObject = s;
        await video.current.play();
        timer = setInterval(async () => {
          if (!video.current || video.current.readyState < 2) return;
          const found = await detector.detect(video.current).catch(() => []);
          const code = found[0]?.rawValue;
          if (!code || (code === last.code && Date.now() - last.at < REPEAT_MS)) return;
          last = { code, at: Date.now() };
          report.current(code);
        }, SCAN_EVERY_MS);
      })
      .catch(() => {
        setFailed(true);
        setTimeout(() => fail.current(), 4000);
      });
    return () => {
      stopped = true;
      clearInterval(timer);
      for (const track of stream?.getTracks() ?? []) track.stop();
    };
  }, []);

  if (failed) return <Text c="red.8">{t('checkIn.cameraFailed')}</Text>;
  return (
    <video
      ref={video}
      muted
      playsInline
      aria-label={t('checkIn.camera')}
      style={{ width: '100%', maxWidth: 420, borderRadius: 8, background: '#000' }}
    />
  );
}
