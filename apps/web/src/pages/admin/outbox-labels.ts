import type { MailStatus } from '@foyer/contracts';

export const MAIL_STATUSES: readonly MailStatus[] = ['queued', 'stored', 'sent', 'failed'];
export const MAIL_STATUS_COLORS: Record<MailStatus, string> = {
  queued: 'yellow',
  stored: 'blue',
  sent: 'green',
  failed: 'red',
};
