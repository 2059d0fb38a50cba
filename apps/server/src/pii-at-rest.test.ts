import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, eventually, type TestApp } from './platform/testing/test-app.ts';
import { onRealPostgres } from './platform/testing/test-database.ts';

/**
 * Runs the identity and organization flows, then searches everything the
 * database holds — every table, including mail records, job payloads,
 * domain events and the audit log — for the email addresses used.
 */
let t: TestApp;
const stamp = Date.now().toString(36);
const emails = {
  owner: `Olivia.Owner.${stamp}@Example.org`,
  invitee: `ivan.invitee.${stamp}@example.org`,
  magic: `mags.magic.${stamp}@example.org`,
  member: `mia.member.${stamp}@example.org`,
  registrant: `Rita.Registrant.${stamp}@example.org`,
  imported: `ingo.imported.${stamp}@example.org`,
};

beforeAll(async () => {
  t = await createTestApp();
  const post = async (url: string, payload: object, token?: string) => {
    const res = await t.app.inject({
      method: 'POST',
      url,
      payload,
      ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}),
    });
    if (res.statusCode >= 400) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
    return res.body ? res.json() : null;
  };
  await post('/api/v1/auth/signup', { email: emails.owner, password: 'tulip-canyon-42', name: 'Olivia' });
  const owner = await post('/api/v1/auth/login', { email: emails.owner, password: 'tulip-canyon-42' });
  const verifyMail = await eventually(async () => (await t.app.platform.mail.list({ to: emails.owner }))[0]);
  const token = /token=([^\s&]+)/.exec(verifyMail.text)![1]!;
  await post('/api/v1/auth/verify-email', { token: decodeURIComponent(token) });
  await post('/api/v1/auth/login', { email: emails.owner, password: 'wrong-password-1' }).catch(() => {});
  const org = await post('/api/v1/orgs', { name: 'PII Org', slug: `pii-${stamp}` }, owner.accessToken);
  await post('/api/v1/auth/signup', { email: emails.member, password: 'tulip-canyon-43', name: 'Mia' });
  const member = await post('/api/v1/auth/login', { email: emails.member, password: 'tulip-canyon-43' });
  await post(`/api/v1/orgs/${org.id}/members`, { email: emails.member, role: 'organizer' }, owner.accessToken);
  await post(`/api/v1/orgs/${org.id}/members`, { email: emails.invitee, role: 'viewer' }, owner.accessToken);
  await post(`/api/v1/orgs/${org.id}/api-keys`, { name: 'app', scopes: ['catalog:read'] }, owner.accessToken);
  await post('/api/v1/auth/magic-code', { email: emails.magic });
  const codeMail = await eventually(async () => (await t.app.platform.mail.list({ to: emails.magic }))[0]);
  await post('/api/v1/auth/magic-code/verify', { email: emails.magic, code: /\b(\d{6})\b/.exec(codeMail.text)![1] });
  await post('/api/v1/auth/password-reset', { email: emails.member });
  // Registration: a guest with answers (one repeating their address), an imported person, a cancellation.
  const event = await post(
    `/api/v1/orgs/${org.id}/events`,
    {
      name: 'PII Fest',
      slug: `pii-fest-${stamp}`,
      kind: 'workshop',
      format: 'in_person',
      timezone: 'Europe/Berlin',
      startsAt: '2027-05-01T10:00:00+02:00',
      endsAt: '2027-05-01T16:00:00+02:00',
      capacity: 1,
      registration: { waitlistEnabled: true },
    },
    owner.accessToken,
  );
  await post(`/api/v1/events/${event.id}/status`, { status: 'published' }, owner.accessToken);
  const question = await post(
    `/api/v1/events/${event.id}/questions`,
    { label: 'Backup contact', kind: 'short_text' },
    owner.accessToken,
  );
  const registration = await post(`/api/v1/events/${event.id}/registrations`, {
    email: emails.registrant,
    name: 'Rita',
    answers: { [question.id]: emails.registrant },
  });
  await post(`/api/v1/events/${event.id}/registrations/import`, { csv: `${emails.imported},Ingo` }, owner.accessToken);
  await post(`/api/v1/registrations/${registration.id}/cancel`, {}, owner.accessToken);
  expect(member.user.email).toBe(emails.member);
  // Let every queued mail be delivered, so job rows and delivered records exist too.
  await eventually(
    async () => (await t.app.platform.mail.list({ limit: 100 })).every((m) => m.status === 'stored'),
    20_000,
  );
}, 120_000);
afterAll(async () => t?.close());

function findLeaks(haystack: string): string[] {
  const text = haystack.toLowerCase();
  return Object.values(emails).filter(
    (e) => text.includes(e.toLowerCase()) || text.includes(e.toLowerCase().split('@')[0]!),
  );
}

describe('no plaintext email address at rest', () => {
  it('appears in no row of any table', async () => {
    const { sql } = t.app.platform.database;
    const tables = await sql.query<{ schema: string; name: string }>(
      `select table_schema as schema, table_name as name from information_schema.tables
        where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')`,
    );
    expect(tables.rows.map((r) => r.name)).toEqual(
      expect.arrayContaining(['users', 'mail_messages', 'audit_log', 'job', 'domain_events', 'registrations']),
    );
    let scanned = 0;
    for (const { schema, name } of tables.rows) {
      const rows = await sql.query<{ row: string }>(`select row_to_json(t)::text as row from "${schema}"."${name}" t`);
      scanned += rows.rows.length;
      const leaks = findLeaks(rows.rows.map((r) => r.row).join('\n'));
      expect(leaks, `${schema}.${name}`).toEqual([]);
    }
    expect(scanned).toBeGreaterThan(20);
  });

  it.skipIf(!onRealPostgres)('appears nowhere in a full pg_dump of the database', () => {
    const dump = execFileSync('pg_dump', ['--no-owner', '--dbname', t.database.url], {
      maxBuffer: 256 * 1024 * 1024,
    }).toString();
    expect(dump).toContain('mail_messages');
    expect(findLeaks(dump)).toEqual([]);
  });

  it('is still readable by Foyer where it is needed', async () => {
    const stored = await t.app.platform.mail.list({ to: emails.invitee });
    expect(stored[0]?.to).toEqual([emails.invitee]);
  });
});
