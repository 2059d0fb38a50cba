import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, type PDFFont, type PDFPage, rgb } from 'pdf-lib';
import QRCode from 'qrcode';
import { formatShortCode } from './certificate-codes.ts';

/** What a certificate's PDF shows: its snapshot, codes and dates. */
export interface CertificateContent {
  holderName: string;
  eventName: string;
  eventStartsAt: Date;
  eventEndsAt: Date;
  timezone: string;
  issuer: string;
  creditType: string | null;
  creditValue: number | null;
  shortCode: string;
  verificationUrl: string;
  issuedAt: Date;
  expiresAt: Date | null;
}

/** A4 landscape, in PDF points. */
const PAGE: [number, number] = [841.89, 595.28];
const INK = rgb(0.12, 0.14, 0.2);
const MUTED = rgb(0.38, 0.41, 0.48);
const ACCENT = rgb(0.13, 0.35, 0.62);

const require = createRequire(import.meta.url);
/** Lato (SIL Open Font License 1.1), shipped as TTF by the npm package; embedded as a subset. */
const FONT_FILES = {
  regular: '@expo-google-fonts/lato/400Regular/Lato_400Regular.ttf',
  bold: '@expo-google-fonts/lato/700Bold/Lato_700Bold.ttf',
} as const;

let fontBytes: { regular: Buffer; bold: Buffer } | null = null;
function fonts(): { regular: Buffer; bold: Buffer } {
  fontBytes ??= {
    regular: readFileSync(require.resolve(FONT_FILES.regular)),
    bold: readFileSync(require.resolve(FONT_FILES.bold)),
  };
  return fontBytes;
}

/**
 * fontkit with its parsed fonts kept: parsing a 600 kB TTF is ~90 % of a
 * certificate's rendering time, and a parsed font is only read (each
 * document makes its own subset of it).
 */
const parsed = new Map<Buffer, unknown>();
const cachingFontkit = {
  create(data: Buffer | Uint8Array, postscriptName?: string) {
    const key = data as Buffer;
    let font = parsed.get(key);
    if (!font) {
      font = fontkit.create(data, postscriptName);
      parsed.set(key, font);
    }
    return font;
  },
} as unknown as Parameters<PDFDocument['registerFontkit']>[0];

/**
 * Lays out one certificate on an A4 landscape page: real text in an
 * embedded font (selectable and searchable), and a QR code of the
 * verification URL drawn as vector squares. Metadata (title, author,
 * subject, dates) is set for PDF readers and archives. The document is
 * answered unsaved, so a signature placeholder can still be added.
 */
export async function layOutCertificate(content: CertificateContent): Promise<PDFDocument> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(cachingFontkit);
  const { regular: regularBytes, bold: boldBytes } = fonts();
  const regular = await doc.embedFont(regularBytes, { subset: true });
  const bold = await doc.embedFont(boldBytes, { subset: true });
  const page = doc.addPage(PAGE);
  const [width, height] = PAGE;

  page.drawRectangle({ x: 0, y: height - 14, width, height: 14, color: ACCENT });
  page.drawRectangle({
    x: 28,
    y: 28,
    width: width - 56,
    height: height - 70,
    borderColor: rgb(0.8, 0.83, 0.88),
    borderWidth: 1,
  });

  const centre = (text: string, y: number, font: PDFFont, size: number, color = INK, maxWidth = width - 140) => {
    const fitted = fit(text, font, size, maxWidth);
    const w = font.widthOfTextAtSize(text, fitted);
    page.drawText(text, { x: (width - w) / 2, y, size: fitted, font, color });
  };

  centre('CERTIFICATE OF ATTENDANCE', height - 110, bold, 15, ACCENT);
  centre('This certifies that', height - 165, regular, 14, MUTED);
  centre(content.holderName, height - 225, bold, 36);
  centre('attended', height - 265, regular, 14, MUTED);
  centre(content.eventName, height - 310, bold, 24);
  centre(eventDates(content), height - 342, regular, 13, MUTED);
  const credits = creditsLine(content);
  if (credits) centre(credits, height - 385, bold, 15, ACCENT);

  const left = 64;
  const lines: [string, PDFFont, number][] = [
    [`Issued by ${content.issuer}`, bold, 12],
    [`Issued on ${day(content.issuedAt, content.timezone)}`, regular, 11],
    [content.expiresAt ? `Valid until ${day(content.expiresAt, content.timezone)}` : 'Does not expire', regular, 11],
    [`Certificate ${formatShortCode(content.shortCode)}`, bold, 12],
  ];
  let y = 128;
  for (const [text, font, size] of lines) {
    page.drawText(text, { x: left, y, size: fit(text, font, size, 420), font, color: INK });
    y -= size + 9;
  }
  page.drawText(`Verify at ${content.verificationUrl}`, {
    x: left,
    y: y - 2,
    size: fit(`Verify at ${content.verificationUrl}`, regular, 8.5, 560),
    font: regular,
    color: MUTED,
  });

  drawQr(page, content.verificationUrl, { x: width - 64 - 104, top: 150, size: 104 });

  doc.setTitle(`Certificate of attendance: ${content.holderName}, ${content.eventName}`, {
    showInWindowTitleBar: true,
  });
  doc.setAuthor(content.issuer);
  doc.setSubject(`Certificate ${formatShortCode(content.shortCode)} for ${content.eventName}`);
  doc.setKeywords(['certificate', content.shortCode, content.verificationUrl]);
  doc.setCreator('Foyer certificates');
  doc.setProducer('Foyer (pdf-lib)');
  doc.setLanguage('en');
  doc.setCreationDate(content.issuedAt);
  doc.setModificationDate(content.issuedAt);
  return doc;
}

/** The certificate as PDF bytes, unsigned. */
export async function renderCertificatePdf(content: CertificateContent): Promise<Uint8Array> {
  return (await layOutCertificate(content)).save({ useObjectStreams: false });
}

/** The largest size up to `size` at which `text` fits `maxWidth`. */
function fit(text: string, font: PDFFont, size: number, maxWidth: number): number {
  const w = font.widthOfTextAtSize(text, size);
  return w <= maxWidth ? size : Math.max(6, Math.floor(((size * maxWidth) / w) * 10) / 10);
}

/** The QR code of `text` as one vector path: sharp at any zoom, a few hundred bytes. */
function drawQr(page: PDFPage, text: string, at: { x: number; top: number; size: number }): void {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const quiet = 2;
  const cells = modules.size + 2 * quiet;
  let path = '';
  for (let row = 0; row < modules.size; row++) {
    for (let col = 0; col < modules.size; col++) {
      if (modules.get(row, col)) path += `M${col + quiet} ${row + quiet}h1v1h-1z`;
    }
  }
  page.drawRectangle({ x: at.x, y: at.top - at.size, width: at.size, height: at.size, color: rgb(1, 1, 1) });
  page.drawSvgPath(path, { x: at.x, y: at.top, scale: at.size / cells, color: rgb(0, 0, 0) });
}

function day(date: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, dateStyle: 'long' }).format(date);
}

/** `1 June 2027` for a one-day event, `1–3 July 2027`-style ranges as Intl writes them otherwise. */
function eventDates(c: CertificateContent): string {
  const format = new Intl.DateTimeFormat('en-GB', { timeZone: c.timezone, dateStyle: 'long' });
  const start = format.format(c.eventStartsAt);
  const end = format.format(c.eventEndsAt);
  // Intl puts thin and narrow no-break spaces around the dash; the embedded font has plain ones.
  return start === end ? start : format.formatRange(c.eventStartsAt, c.eventEndsAt).replace(/[\u2009\u202f]/g, ' ');
}

function creditsLine(c: CertificateContent): string | null {
  if (c.creditValue === null) return null;
  const value = Number.isInteger(c.creditValue) ? String(c.creditValue) : c.creditValue.toFixed(1);
  return `${value} ${c.creditType ?? 'CPD'} ${c.creditValue === 1 ? 'credit' : 'credits'}`;
}
