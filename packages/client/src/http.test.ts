import { describe, expect, it, vi } from 'vitest';
import { createFoyerClient, FoyerApiError } from './index.ts';

const problem = (status: number, code: string) =>
  new Response(JSON.stringify({ type: 't', title: 'T', status, detail: 'd', code }), {
    status,
    headers: { 'content-type': 'application/problem+json', ...(status === 429 ? { 'retry-after': '42' } : {}) },
  });

const user = {
  id: '00000000-0000-4000-8000-000000000001',
  email: 'ada@example.org',
  emailVerified: true,
  name: 'Ada',
  platformRole: 'user',
  locale: null,
  timezone: null,
  hasPassword: true,
  secondFactor: false,
  createdAt: '2026-01-01T00:00:00.000Z',
};

describe('request', () => {
  it('retries once with a fresh token after 401 INVALID_TOKEN', async () => {
    let token = 'old';
    const fetch = vi
      .fn<typeof globalThis.fetch>()
      .mockResolvedValueOnce(problem(401, 'INVALID_TOKEN'))
      .mockResolvedValueOnce(Response.json(user));
    const onInvalidToken = vi.fn(async () => {
      token = 'new';
      return true;
    });
    const client = createFoyerClient({ fetch, accessToken: () => token, onInvalidToken });
    expect((await client.me.get()).name).toBe('Ada');
    expect(onInvalidToken).toHaveBeenCalledTimes(1);
    const auth = fetch.mock.calls.map(
      ([, init]) => (init?.headers as Record<string, string> | undefined)?.authorization,
    );
    expect(auth).toEqual(['Bearer old', 'Bearer new']);
  });

  it('sends sign-in calls in cookie mode without a bearer token', async () => {
    const fetch = vi
      .fn<typeof globalThis.fetch>()
      .mockResolvedValue(Response.json({ accessToken: 'a', tokenType: 'Bearer', expiresIn: 900, user }));
    const client = createFoyerClient({ fetch, accessToken: () => 'stale', sessionMode: 'cookie' });
    await client.auth.refresh();
    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toBe('/api/v1/auth/refresh');
    expect(init?.credentials).toBe('include');
    expect(init?.body).toBe('{}');
    expect(init?.headers).toMatchObject({ 'x-foyer-session': 'cookie' });
    expect(init?.headers).not.toHaveProperty('authorization');
  });

  it('answers undefined for 204 and exposes Retry-After on errors', async () => {
    const fetch = vi
      .fn<typeof globalThis.fetch>()
      .mockResolvedValueOnce(new Response(null, { status: 204 }))
      .mockResolvedValueOnce(problem(429, 'RATE_LIMITED'));
    const client = createFoyerClient({ fetch });
    expect(await client.auth.logout()).toBeUndefined();
    const error = await client.auth.requestMagicCode('ada@example.org').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FoyerApiError);
    expect((error as FoyerApiError).retryAfter).toBe(42);
    expect((error as FoyerApiError).code).toBe('RATE_LIMITED');
  });

  it('builds query strings without empty filters', async () => {
    const fetch = vi.fn<typeof globalThis.fetch>().mockResolvedValue(Response.json({ items: [], nextCursor: null }));
    const client = createFoyerClient({ fetch });
    await client.auditLog.list('00000000-0000-4000-8000-000000000002', {
      action: 'member.invited',
      from: '',
      limit: 20,
    });
    expect(fetch.mock.calls[0]![0]).toBe(
      '/api/v1/orgs/00000000-0000-4000-8000-000000000002/audit-log?action=member.invited&limit=20',
    );
  });
});
