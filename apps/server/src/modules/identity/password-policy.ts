import { dictionary } from '@zxcvbn-ts/language-common';

// ~49 000 passwords seen most often in breaches, from zxcvbn-ts's common list.
const COMMON = new Set<string>((dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase()));

/** Why a password is refused: a stable code (clients translate it) and an English message. */
export interface PasswordWeakness {
  code: 'password_too_short' | 'password_common' | 'password_too_few_characters' | 'password_contains_email';
  message: string;
}

/** Why a password is refused, or null when it is acceptable. */
export function passwordWeakness(
  password: string,
  context: { email?: string; name?: string } = {},
): PasswordWeakness | null {
  if (password.length < 8) return { code: 'password_too_short', message: 'must be at least 8 characters' };
  const lower = password.toLowerCase();
  if (COMMON.has(lower))
    return { code: 'password_common', message: 'is one of the most common passwords; choose another' };
  if (new Set(password).size < 3)
    return { code: 'password_too_few_characters', message: 'uses too few different characters' };
  const local = context.email?.split('@')[0]?.toLowerCase();
  if (local && local.length >= 4 && lower.includes(local)) {
    return { code: 'password_contains_email', message: 'must not contain your email address' };
  }
  return null;
}
