import 'i18next';
import type en from './en.json';

// Makes `t('some.key')` a compile-time error when the key is missing from en.json.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en };
  }
}
