/** Formats an ISO timestamp in the UI language and the visitor's timezone; shows the raw value if it does not parse. */
export function formatDateTime(iso: string, language: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(language, { dateStyle: 'long', timeStyle: 'medium' }).format(date);
}
