import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { PROBLEM_CONTENT_TYPE } from '@foyer/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app.ts';

/**
 * A bounded fuzz run driven by the OpenAPI document: every operation gets
 * at least 40 malformed variants (path parameters, query parameters, body,
 * headers), each sent anonymously and as a signed-in platform admin who
 * owns the organisation and event the ids point at (so variants reach past
 * the gate into services and the database). Every answer must be below 500,
 * and every error a problem document with a code.
 */

type JsonSchema = {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  minLength?: number;
  minimum?: number;
  default?: unknown;
};
interface Operation {
  method: string;
  path: string;
  pathParams: string[];
  queryParams: { name: string; schema: JsonSchema }[];
  body: JsonSchema | null;
  bodyType: string | null;
}

const MIN_VARIANTS = 40;
const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');

const BAD_PATH_VALUES = [
  'not-a-uuid',
  'x'.repeat(600),
  '%00',
  `${randomUUID()}%00`,
  '%E0%A4%A',
  '%',
  '-1',
  '99999999999999999999999',
  "'%20or%201=1--",
  '%F0%9F%92%A5',
  '..%2F..%2Fetc%2Fpasswd',
  '00000000-0000-0000-0000-000000000000',
];

const BAD_QUERY_VALUES = [
  '%00',
  'a%00b',
  '-271821-04-20',
  '-271821-04-20T00:00:00Z',
  '%2B275760-09-13T00:00:00.000Z',
  '0000-01-01T00:00:00Z',
  '0000-01-01',
  '9999-12-31T23:59:59-14:00',
  '10000-01-01T00:00:00Z',
  b64(['2020-01-01T00:00:00.000Z', 'not-a-uuid']),
  b64(['-271821-04-20T00:00:00.000Z', randomUUID()]),
  b64([null, '2020-01-01T00:00:00.000Z', 'zz']),
  b64(['1e999', '2020-01-01T00:00:00.000Z', randomUUID()]),
  b64('a:99999999999999999999999'),
  b64({ a: 1 }),
  b64('\u0000'),
  '',
  'x'.repeat(5000),
  '-1',
  '1e309',
  'abc',
];

const BAD_SCALARS: unknown[] = [
  'a\u0000b',
  '\u0000',
  'x'.repeat(60_000),
  -1,
  1e308,
  -1e308,
  true,
  {},
  [],
  null,
  '-271821-04-20T00:00:00Z',
  '0000-01-01T00:00:00Z',
  '275760-09-13T00:00:00Z',
  '9999-12-31T23:59:59-14:00',
  '2027-02-30',
  ['a\u0000'],
];

/** A plausible value for a JSON schema, so mutations of one field reach past the others' validation. */
function sample(schema: JsonSchema | undefined, depth = 0): unknown {
  if (!schema || depth > 6) return null;
  if (schema.default !== undefined) return schema.default;
  if (schema.enum?.length) return schema.enum[0];
  const alt = schema.anyOf ?? schema.oneOf;
  if (alt?.length) return sample(alt.find((s) => s.type !== 'null') ?? alt[0], depth + 1);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(schema.properties ?? {})) out[k] = sample(v, depth + 1);
      return out;
    }
    case 'array':
      return [sample(schema.items, depth + 1)];
    case 'integer':
    case 'number':
      return schema.minimum !== undefined ? schema.minimum : 1;
    case 'boolean':
      return true;
    case 'string':
      if (schema.format === 'date-time') return '2027-07-01T10:00:00+02:00';
      if (schema.format === 'date') return '2027-07-01';
      if (schema.format === 'email') return `fuzz-${randomUUID().slice(0, 8)}@example.org`;
      if (schema.format === 'uuid') return randomUUID();
      if (schema.format === 'uri') return 'https://example.org/x';
      return 'fuzz'.padEnd(schema.minLength ?? 4, 'z');
    default:
      return 'fuzz';
  }
}

function operationsOf(doc: { paths: Record<string, Record<string, Record<string, unknown>>> }): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const params = (op.parameters ?? []) as { in: string; name: string; schema: JsonSchema }[];
      const content = (op.requestBody as { content?: Record<string, { schema: JsonSchema }> } | undefined)?.content;
      const bodyType = content ? (Object.keys(content)[0] ?? null) : null;
      ops.push({
        method: method.toUpperCase(),
        path,
        pathParams: params.filter((p) => p.in === 'path').map((p) => p.name),
        queryParams: params.filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: p.schema })),
        body: bodyType ? (content?.[bodyType]?.schema ?? null) : null,
        bodyType,
      });
    }
  }
  // Destroying and signing-out operations last, so the fixtures serve every other operation.
  const destructive = (o: Operation) => (o.method === 'DELETE' || /logout|\/password$|\/status$/.test(o.path) ? 1 : 0);
  return ops.sort((a, b) => destructive(a) - destructive(b));
}

interface Variant {
  label: string;
  url: string;
  headers?: Record<string, string>;
  payload?: string;
}

function variantsOf(op: Operation, ids: Record<string, string>): Variant[] {
  const fillPath = (override?: { name: string; value: string }) =>
    op.path.replace(/\{(\w+)\}/g, (_m, name: string) =>
      override?.name === name ? override.value : (ids[name] ?? randomUUID()),
    );
  const base = fillPath();
  const jsonHeaders = { 'content-type': 'application/json' };
  const validBody = op.body ? sample(op.body) : undefined;
  const withBody = (payload: string | undefined, headers: Record<string, string> = jsonHeaders) =>
    op.bodyType ? { payload: payload ?? JSON.stringify(validBody ?? {}), headers } : {};
  const out: Variant[] = [];

  for (const name of op.pathParams) {
    for (const value of BAD_PATH_VALUES) {
      out.push({ label: `path ${name}=${value.slice(0, 30)}`, url: fillPath({ name, value }), ...withBody(undefined) });
    }
  }
  for (const { name } of op.queryParams) {
    for (const value of BAD_QUERY_VALUES) {
      out.push({
        label: `query ${name}=${value.slice(0, 30)}`,
        url: `${base}?${name}=${value}`,
        ...withBody(undefined),
      });
    }
    out.push({ label: `query ${name} twice`, url: `${base}?${name}=a&${name}=b` });
  }
  if (op.bodyType) {
    const raw = [
      '{',
      '{"a":',
      'null',
      '[]',
      '"text"',
      '12345',
      '{"__proto__":{"polluted":true}}',
      '[[[[[[[[[[]]]]]]]]]]',
    ];
    for (const p of raw) out.push({ label: `body ${p}`, url: base, payload: p, headers: jsonHeaders });
    out.push({ label: 'body empty', url: base, payload: '', headers: jsonHeaders });
    out.push({ label: 'body text/plain', url: base, payload: 'hello', headers: { 'content-type': 'text/plain' } });
    out.push({
      label: 'body xml',
      url: base,
      payload: '<a/>',
      headers: { 'content-type': 'application/xml' },
    });
    out.push({
      label: 'body multipart',
      url: base,
      payload: '--x\r\n\r\n',
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
    });
    if (validBody && typeof validBody === 'object' && !Array.isArray(validBody)) {
      for (const key of Object.keys(validBody)) {
        for (const bad of BAD_SCALARS) {
          out.push({
            label: `body.${key}=${JSON.stringify(bad)?.slice(0, 30)}`,
            url: base,
            payload: JSON.stringify({ ...validBody, [key]: bad }),
            headers: jsonHeaders,
          });
        }
      }
      out.push({ label: 'body sample', url: base, payload: JSON.stringify(validBody), headers: jsonHeaders });
      out.push({
        label: 'body sample with NUL key',
        url: base,
        payload: JSON.stringify({ ...validBody, 'k\u0000': 1 }),
        headers: jsonHeaders,
      });
    } else if (validBody !== undefined) {
      for (const bad of BAD_SCALARS) {
        out.push({
          label: `body=${JSON.stringify(bad)?.slice(0, 30)}`,
          url: base,
          payload: JSON.stringify(bad),
          headers: jsonHeaders,
        });
      }
    }
  }
  // Header variants pad every operation up to the minimum.
  const headerVariants: Record<string, string>[] = [
    { authorization: 'Bearer garbage' },
    { authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.' },
    { authorization: 'Basic Zm9vOmJhcg==' },
    { authorization: `Bearer ${'a'.repeat(8000)}` },
    { 'x-api-key': 'fk_garbage' },
    { 'x-api-key': '\u00ff\u00fe' },
    { cookie: 'foyer_refresh=garbage', 'x-foyer-session': 'cookie' },
    { 'if-none-match': '"\u00ff"' },
    { 'if-none-match': 'W/"x", *' },
    { 'if-modified-since': 'not a date' },
    { 'idempotency-key': 'x'.repeat(1000) },
    { 'idempotency-key': '' },
    { 'accept-language': '*;q=abc, xx-!!' },
    { accept: 'text/html' },
    { accept: 'application/xml' },
    { 'content-type': 'application/json; charset=utf-16' },
    { 'x-forwarded-for': 'not an address' },
    { origin: 'https://evil.example' },
    { range: 'bytes=99999999-' },
    { 'x-request-id': 'a\u00e9b' },
  ];
  for (let i = 0; out.length < MIN_VARIANTS || i < headerVariants.length; i++) {
    const h = headerVariants[i % headerVariants.length]!;
    out.push({
      label: `header ${Object.keys(h).join(',')} #${i}`,
      url: `${base}${i >= headerVariants.length ? `?fuzz=${i}` : ''}`,
      ...withBody(undefined, { ...jsonHeaders, ...h }),
      ...(op.bodyType ? {} : { headers: h }),
    });
  }
  return out;
}

let t: TestApp;
let ops: Operation[];
let ids: Record<string, string>;
let token: string;
let ip = 0;
const nextIp = () => `10.66.${Math.floor(ip / 250) % 250}.${(ip++ % 250) + 1}`;

beforeAll(async () => {
  t = await createTestApp();
  const doc = (await t.app.inject({ url: '/api/v1/openapi.json' })).json();
  ops = operationsOf(doc);
  const email = `fuzz-${randomUUID().slice(0, 8)}@example.org`;
  await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/signup',
    payload: { email, password: 'correct horse battery staple', name: 'Fuzz' },
  });
  const first = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password: 'correct horse battery staple' },
  });
  const userId = first.json().user.id as string;
  await t.app.platform.database.sql.query(`update users set platform_role = 'admin' where id = $1`, [userId]);
  const login = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password: 'correct horse battery staple' },
  });
  token = login.json().accessToken;
  const auth = { authorization: `Bearer ${token}` };
  const org = await t.app.inject({
    method: 'POST',
    url: '/api/v1/orgs',
    headers: auth,
    payload: { name: 'Fuzz Org', slug: 'fuzz-org' },
  });
  const orgId = org.json().id as string;
  const event = await t.app.inject({
    method: 'POST',
    url: `/api/v1/orgs/${orgId}/events`,
    headers: auth,
    payload: {
      name: 'Fuzz Fest',
      slug: 'fuzz-fest',
      kind: 'festival',
      format: 'in_person',
      timezone: 'Europe/Berlin',
      startsAt: '2027-07-01T10:00:00+02:00',
      endsAt: '2027-07-03T22:00:00+02:00',
    },
  });
  const eventId = event.json().id as string;
  await t.app.inject({
    method: 'POST',
    url: `/api/v1/events/${eventId}/status`,
    headers: auth,
    payload: { status: 'published' },
  });
  ids = { orgId, eventId, userId, type: 'registration.confirmed' };
}, 60_000);
afterAll(async () => t?.close());

describe('OpenAPI-driven fuzz run', () => {
  it('answers every malformed variant of every operation below 500, errors as problem documents', async () => {
    const failures: string[] = [];
    let sent = 0;
    for (const op of ops) {
      const variants = variantsOf(op, ids);
      expect(variants.length, `${op.method} ${op.path}`).toBeGreaterThanOrEqual(MIN_VARIANTS);
      for (const v of variants) {
        for (const signedIn of [false, true]) {
          const headers = { ...(v.headers ?? {}) };
          if (signedIn && !headers.authorization && !headers['x-api-key']) headers.authorization = `Bearer ${token}`;
          const res = await t.app.inject({
            method: op.method as 'GET',
            url: v.url,
            headers,
            remoteAddress: nextIp(),
            ...(v.payload !== undefined ? { payload: v.payload } : {}),
          });
          sent++;
          const who = signedIn ? 'admin' : 'anonymous';
          if (res.statusCode >= 500) {
            failures.push(
              `${res.statusCode} ${op.method} ${op.path} [${v.label}] as ${who}: ${res.body.slice(0, 200)}`,
            );
          } else if (res.statusCode >= 400) {
            const type = String(res.headers['content-type'] ?? '');
            // A HEAD answer has the problem's headers and never a body (RFC 9110 §9.3.2).
            const code =
              op.method === 'HEAD' && type.startsWith(PROBLEM_CONTENT_TYPE)
                ? 'HEAD'
                : type.startsWith(PROBLEM_CONTENT_TYPE)
                  ? (res.json() as { code?: unknown }).code
                  : undefined;
            if (typeof code !== 'string') {
              failures.push(`${res.statusCode} not a problem ${op.method} ${op.path} [${v.label}] as ${who}: ${type}`);
            }
          }
        }
      }
    }
    // FUZZ_REPORT=path writes every failure there (the assertion shows only the first ones).
    if (process.env.FUZZ_REPORT) writeFileSync(process.env.FUZZ_REPORT, failures.join('\n'));
    expect(sent).toBeGreaterThanOrEqual(ops.length * MIN_VARIANTS * 2);
    expect(failures, failures.slice(0, 80).join('\n')).toEqual([]);
  }, 180_000);
});
