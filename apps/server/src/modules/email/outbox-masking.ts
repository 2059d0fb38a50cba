import { redactUrl } from '../../platform/log-serializers.ts';

// Anything that looks like an absolute link, in text or inside an HTML attribute.
const LINK = /https?:\/\/[^\s"'<>]+/g;
// A magic-code mail's six digits are a sign-in credential too.
const SIGN_IN_CODE = /\b\d{6}\b/g;

/**
 * A stored message as the outbox shows it to platform admins: links keep
 * where they lead but lose their token-like parameters, and a sign-in
 * code is hidden. The admin sees that and what was sent, never a live
 * credential to someone else's account or registration; the message that
 * went out is unchanged.
 */
export function maskCredentials<T extends string | null>(body: T, template: string | null): T {
  if (body === null) return body;
  const masked = body.replace(LINK, (link) => redactUrl(link.replace(/&amp;/g, '&')));
  return (template === 'auth.magic-code' ? masked.replace(SIGN_IN_CODE, '••••••') : masked) as T;
}
