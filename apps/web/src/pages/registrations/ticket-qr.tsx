import { Box } from '@mantine/core';
import QRCode from 'qrcode';
import { useEffect, useRef } from 'react';

/**
 * The ticket code as a QR code, drawn in the browser onto a canvas (the code
 * never leaves the page). Dark on white whatever the colour scheme, so
 * scanners read it.
 */
export function TicketQr({ code, label, size = 220 }: { code: string; label: string; size?: number }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    void QRCode.toCanvas(canvas.current, code, {
      width: size,
      margin: 2,
      errorCorrectionLevel: 'M',
      color: { dark: '#000000', light: '#ffffff' },
    });
  }, [code, size]);
  return (
    <Box bg="white" p={4} style={{ borderRadius: 8, lineHeight: 0 }}>
      <canvas ref={canvas} role="img" aria-label={label} data-testid="ticket-qr" width={size} height={size} />
    </Box>
  );
}
