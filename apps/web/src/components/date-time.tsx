import { useLocale } from '../i18n/locale.ts';

/** A timestamp in the UI language and the visitor's timezone, machine-readable in `dateTime`. */
export function DateTime({ value, withSeconds = false }: { value: string; withSeconds?: boolean }) {
  const locale = useLocale();
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return <>{value}</>;
  const text = new Intl.DateTimeFormat(locale, {
    dateStyle: 'medium',
    timeStyle: withSeconds ? 'medium' : 'short',
  }).format(date);
  return <time dateTime={value}>{text}</time>;
}
