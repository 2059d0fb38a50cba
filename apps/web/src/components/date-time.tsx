import { useTranslation } from 'react-i18next';

/** A timestamp in the UI language and the visitor's timezone, machine-readable in `dateTime`. */
export function DateTime({ value, withSeconds = false }: { value: string; withSeconds?: boolean }) {
  const { i18n } = useTranslation();
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return <>{value}</>;
  const text = new Intl.DateTimeFormat(i18n.resolvedLanguage ?? 'en', {
    dateStyle: 'medium',
    timeStyle: withSeconds ? 'medium' : 'short',
  }).format(date);
  return <time dateTime={value}>{text}</time>;
}
