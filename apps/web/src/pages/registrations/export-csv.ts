import { FoyerApiError } from '@foyer/client';
import { Problem } from '@foyer/contracts';
import { api, session } from '../../api/client.ts';
import { fileName } from '../programme/export-yaml.ts';

/**
 * Downloads the registrations CSV. A plain link cannot carry the bearer
 * token, so the file is fetched with it and saved through an object URL
 * (as the event's YAML export does).
 */
export async function downloadRegistrationsCsv(eventId: string, fallbackName: string): Promise<void> {
  const url = api.registrations.csvUrl(eventId);
  const get = async () => {
    const token = await session.accessToken();
    return fetch(url, { headers: { accept: 'text/csv', ...(token ? { authorization: `Bearer ${token}` } : {}) } });
  };
  let res = await get();
  if (res.status === 401 && (await session.refresh())) res = await get();
  if (!res.ok) {
    const parsed = Problem.safeParse(await res.json().catch(() => null));
    if (parsed.success) throw new FoyerApiError(parsed.data);
    throw new Error(`HTTP ${res.status}`);
  }
  const blob = await res.blob();
  const href = URL.createObjectURL(blob);
  try {
    const a = document.createElement('a');
    a.href = href;
    a.download = fileName(res.headers.get('content-disposition')) ?? fallbackName;
    document.body.append(a);
    a.click();
    a.remove();
  } finally {
    setTimeout(() => URL.revokeObjectURL(href), 10_000);
  }
}
