import { crc32, deflateSync } from 'node:zlib';
import QRCode from 'qrcode';
import type { MailAttachment } from '../../platform/mail/mail-message.ts';
import { QR_CID } from '../email/index.ts';

/** Quiet zone around the symbol, in modules (ISO/IEC 18004 asks for 4). */
const MARGIN = 4;
/** Pixels per module: 8 gives a ~260 px image that phones scan from a screen. */
const SCALE = 8;

/** The ticket code as a QR PNG, attached inline so the HTML can show it as `cid:` (no remote image to block). */
export async function ticketQrAttachment(ticketCode: string): Promise<MailAttachment> {
  const png = qrPng(ticketCode);
  return { filename: 'ticket-qr.png', contentType: 'image/png', contentBase64: png.toString('base64'), cid: QR_CID };
}

/**
 * Encodes `text` as a QR code in a black-and-white PNG (1 bit per pixel).
 * qrcode's own PNG output goes through pngjs — RGBA pixels, every row
 * filtered five ways in JavaScript — and took ~8 ms per ticket, a third of
 * the server's time during a registration rush; this takes well under one.
 */
export function qrPng(text: string, scale = SCALE, margin = MARGIN): Buffer {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const size = (modules.size + 2 * margin) * scale;
  const rowBytes = Math.ceil(size / 8);
  // Rows of pixels packed MSB first, 1 = white, 0 = black, each after its filter-type byte.
  const stride = rowBytes + 1;
  const raw = Buffer.alloc(stride * size, 0xff);
  for (let my = 0; my < modules.size; my++) {
    // Draw the first pixel row of this module row, then copy it down for the module's height.
    const first = (margin + my) * scale * stride;
    for (let mx = 0; mx < modules.size; mx++) {
      if (!modules.get(my, mx)) continue;
      for (let x = (margin + mx) * scale, end = x + scale; x < end; x++)
        raw[first + 1 + (x >> 3)]! &= ~(0x80 >> (x & 7));
    }
    for (let k = 1; k < scale; k++) raw.copy(raw, first + k * stride, first, first + stride);
  }
  // Filter type 0 (none) at the start of every row.
  for (let y = 0; y < size; y++) raw[y * stride] = 0;
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 1; // bit depth
  header[9] = 0; // colour type: greyscale
  // compression, filter and interlace methods: 0
  return Buffer.concat([
    PNG_SIGNATURE,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type: string, data: Buffer): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}
