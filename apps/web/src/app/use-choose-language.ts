import { useUpdateMe } from '../api/account-queries.ts';
import { useAuth } from '../auth/auth-context.tsx';
import type { LANGUAGES } from '../i18n/detect-language.ts';
import { setLanguage } from '../i18n/i18n.ts';

/** Switches the UI language; signed in, it becomes the account's language, so emails and other devices follow it. */
export function useChooseLanguage() {
  const { status } = useAuth();
  const updateMe = useUpdateMe();
  return (language: (typeof LANGUAGES)[number]) => {
    setLanguage(language);
    if (status === 'signedIn') updateMe.mutate({ locale: language });
  };
}
