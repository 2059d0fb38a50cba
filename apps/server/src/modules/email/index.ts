// The email module's public surface: what other modules may import.
export { renderDefaultEmail } from './default-emails.ts';
export { QR_CID } from './email-catalogue.ts';
export type { EmailTemplatesService } from './email-templates-service.ts';
export { type EmailServices, emailModule } from './module.ts';
