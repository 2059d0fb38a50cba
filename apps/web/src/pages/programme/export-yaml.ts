import { FoyerApiError } from '@foyer/client';
import { Problem } from '@foyer/contracts';
import { session } from '../../api/client.ts';

/**
 * Downloads `GET /api/v1/events/{eventId}/export` as a file. A plain link
 * cannot carry the bearer token, so the file is fetched, turned into a blob
 * and saved through a temporary object URL.
 */
export async function downloadEventYaml(eventId: string, fallbackName: string): Promise<void> {
  const url = `/api/v1/events/${encodeURIComponent(eventId)}/export`;
  const get = async () => {
    const token = await session.accessToken();
    return fetch(url, {
      headers: { accept: 'application/yaml', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    });
  };
  let res = await get();
  // An expired access token: refresh once, as the typed client does.
  if (res.status === 401 && (await session.refresh())) res = await get();
  if (!res.ok) {
    const parsed = Problem.safeParse(await res.json().catch(() => null));
    if (parsed.success) throw new FoyerApiError(parsed.data);
    throw new Error(`HTTP ${res.status}`);
  }
  const blob = await res.blob();
  const name = fileName(res.headers.get('content-disposition')) ?? fallbackName;
  const href = URL.createObjectURL(blob);
  try {
    const a = document.createElement('a');
    a.href = href;
    a.download = name;
    document.body.append(a);
    a.click();
    a.remove();
  } finally {
    // Give the browser a moment to start the download before the URL goes.
    setTimeout(() => URL.revokeObjectURL(href), 10_000);
  }
}

/** The file name of a `Content-Disposition: attachment; filename="x.yaml"` header. */
export function fileName(disposition: string | null): string | null {
  if (!disposition) return null;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (star?.[1]) return decodeURIComponent(star[1]);
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  return plain?.[1] ?? null;
}
