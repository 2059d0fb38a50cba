import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { qrPng, ticketQrAttachment } from './ticket-qr.ts';

// jsqr is CommonJS: under Node's ESM its default import is `module.exports`, whose `default` is the function.
const jsQR = (jsQRModule as unknown as { default: typeof jsQRModule.default }).default;

describe('ticket QR image', () => {
  it('is a valid PNG whose pixels are the QR symbol, with a quiet zone, that a decoder reads back', () => {
    const code = 'FYR-7K2Q-9MXD';
    const png = PNG.sync.read(qrPng(code));
    const { modules } = QRCode.create(code, { errorCorrectionLevel: 'M' });
    expect(png.width).toBe((modules.size + 8) * 8);
    expect(png.height).toBe(png.width);
    const dark = (x: number, y: number) => png.data[(y * png.width + x) * 4] === 0;
    for (let my = -4; my < modules.size + 4; my++) {
      for (let mx = -4; mx < modules.size + 4; mx++) {
        const expected = my >= 0 && mx >= 0 && my < modules.size && mx < modules.size && modules.get(my, mx) === 1;
        // The centre pixel of each module.
        expect(dark(mx * 8 + 32 + 4, my * 8 + 32 + 4), `module ${mx},${my}`).toBe(expected);
      }
    }
    expect(jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data).toBe(code);
  });

  it('is attached inline as ticket-qr.png', async () => {
    const attachment = await ticketQrAttachment('FYR-AAAA-BBBB');
    expect(attachment).toMatchObject({ filename: 'ticket-qr.png', contentType: 'image/png', cid: 'ticket-qr@foyer' });
    const png = PNG.sync.read(Buffer.from(attachment.contentBase64, 'base64'));
    expect(jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data).toBe('FYR-AAAA-BBBB');
  });
});
