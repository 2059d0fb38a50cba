import QRCode from 'qrcode';
import type { MailAttachment } from '../../platform/mail/mail-message.ts';
import { QR_CID } from './email-catalogue.ts';

/** The ticket code as a QR PNG, attached inline so the HTML can show it as `cid:` (no remote image to block). */
export async function ticketQrAttachment(ticketCode: string): Promise<MailAttachment> {
  const png = await QRCode.toBuffer(ticketCode, { type: 'png', errorCorrectionLevel: 'M', margin: 4, scale: 8 });
  return { filename: 'ticket-qr.png', contentType: 'image/png', contentBase64: png.toString('base64'), cid: QR_CID };
}
