import { randomBytes } from 'node:crypto';
import { PROBLEM_CONTENT_TYPE, Problem, TokenPair } from '@foyer/contracts';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { eventually } from './test-app.ts';

/**
 * Helpers for the API tests of the identity and organizations modules
 * (test-only; nothing in the server imports this file).
 *
 * Rate-limit counters live in Redis when REDIS_URL is set and survive
 * between runs, so every request gets a fresh client address and every
 * account a fresh email address unless a test means to share them.
 */

export const PASSWORD = 'tulip-canyon-42';

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

/** A random address in 2001:db8::/32 (documentation range), practically never reused. */
export function uniqueIp(): string {
  const groups = Array.from({ length: 6 }, () => randomBytes(2).toString('hex'));
  return `2001:db8:${groups.join(':')}`;
}

export function uniqueEmail(tag = 'user'): string {
  return `${tag}.${hex(6)}@example.org`;
}

export type Res = LightMyRequestResponse;

export interface Call {
  token?: string | undefined;
  body?: unknown;
  ip?: string;
  headers?: Record<string, string>;
  cookies?: Record<string, string>;
}

/** Checks the RFC 9457 problem shape and answers it. */
export function expectProblem(res: Res, status: number, code: string): Problem {
  expect(res.statusCode, res.body).toBe(status);
  expect(String(res.headers['content-type'])).toContain(PROBLEM_CONTENT_TYPE);
  const problem = Problem.parse(res.json());
  expect(problem.code).toBe(code);
  expect(problem.status).toBe(status);
  return problem;
}

export interface SignedUp {
  email: string;
  password: string;
  tokens: TokenPair & { refreshToken: string };
  userId: string;
  accessToken: string;
  refreshToken: string;
}

/** Talks to one app through `inject`. */
export class Api {
  constructor(readonly app: FastifyInstance) {}

  call(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, call: Call = {}): Promise<Res> {
    const headers: Record<string, string> = { ...call.headers };
    if (call.token) headers.authorization = `Bearer ${call.token}`;
    return this.app.inject({
      method,
      url,
      headers,
      remoteAddress: call.ip ?? uniqueIp(),
      ...(call.cookies ? { cookies: call.cookies } : {}),
      ...(call.body !== undefined ? { payload: call.body as Record<string, unknown> } : {}),
    });
  }

  get = (url: string, call?: Call) => this.call('GET', url, call);
  post = (url: string, call?: Call) => this.call('POST', url, call);
  patch = (url: string, call?: Call) => this.call('PATCH', url, call);
  put = (url: string, call?: Call) => this.call('PUT', url, call);
  delete = (url: string, call?: Call) => this.call('DELETE', url, call);

  /**
   * Signs up a fresh account (202 expected), signs in with its password (one
   * login, counted by the login limits) and answers its credentials.
   */
  async signup(options: { email?: string; password?: string; name?: string; ip?: string } = {}): Promise<SignedUp> {
    const email = options.email ?? uniqueEmail();
    const password = options.password ?? PASSWORD;
    const res = await this.post('/api/v1/auth/signup', {
      body: { email, password, name: options.name ?? 'Test Person' },
      ...(options.ip ? { ip: options.ip } : {}),
    });
    expect(res.statusCode, res.body).toBe(202);
    const signedIn = await this.login(email, password, options.ip ? { ip: options.ip } : {});
    expect(signedIn.statusCode, signedIn.body).toBe(200);
    const tokens = TokenPair.parse(signedIn.json()) as SignedUp['tokens'];
    return {
      email,
      password,
      tokens,
      userId: tokens.user.id,
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
    };
  }

  login(email: string, password: string, call: Call = {}): Promise<Res> {
    return this.post('/api/v1/auth/login', { ...call, body: { email, password } });
  }

  /** Logs in (200 expected) and answers the token pair. */
  async loginOk(email: string, password: string, call: Call = {}) {
    const res = await this.login(email, password, call);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as TokenPair & { refreshToken: string };
  }

  me(token: string): Promise<Res> {
    return this.get('/api/v1/me', { token });
  }

  refresh(refreshToken: string): Promise<Res> {
    return this.post('/api/v1/auth/refresh', { body: { refreshToken } });
  }

  /** Messages to `email`, newest first, optionally of one template. */
  async mails(email: string, template?: string) {
    return this.app.platform.mail.list({ to: email, ...(template ? { template } : {}) });
  }

  /** The token of the newest link mailed to `email` with `template`; waits a while, as some mail is queued by a job. */
  async tokenFromMail(email: string, template: string): Promise<string> {
    const mail = await eventually(async () => (await this.mails(email, template))[0], 10_000).catch(() => undefined);
    expect(mail, `no ${template} mail to ${email}`).toBeDefined();
    const m = /[?&]token=([^\s&"<]+)/.exec(mail!.text ?? '');
    expect(m, mail!.text).not.toBeNull();
    return decodeURIComponent(m![1]!);
  }

  /**
   * Makes `person` a member of `orgId` the way it happens for real: an admin
   * invites their address, they accept the mailed invitation signed in.
   */
  async addMember(adminToken: string, orgId: string, person: SignedUp, role: string): Promise<void> {
    const invited = await this.post(`/api/v1/orgs/${orgId}/members`, {
      token: adminToken,
      body: { email: person.email, role },
    });
    expect(invited.statusCode, invited.body).toBe(201);
    const token = await this.tokenFromMail(person.email, 'org.invitation');
    const accepted = await this.post('/api/v1/invitations/accept', { token: person.accessToken, body: { token } });
    expect(accepted.statusCode, accepted.body).toBe(200);
  }

  /** A new organization of `ownerToken`'s and a published online conference in it (1 June 2027, UTC). */
  async publishedEvent(ownerToken: string, slugs: { org: string; event: string }) {
    const org = await this.post('/api/v1/orgs', { token: ownerToken, body: { name: slugs.org, slug: slugs.org } });
    expect(org.statusCode, org.body).toBe(201);
    const event = await this.post(`/api/v1/orgs/${org.json().id}/events`, {
      token: ownerToken,
      body: {
        name: slugs.event,
        slug: slugs.event,
        kind: 'conference',
        format: 'online',
        timezone: 'UTC',
        startsAt: '2027-06-01T09:00:00Z',
        endsAt: '2027-06-01T17:00:00Z',
      },
    });
    expect(event.statusCode, event.body).toBe(201);
    const eventId: string = event.json().id;
    const published = await this.post(`/api/v1/events/${eventId}/status`, {
      token: ownerToken,
      body: { status: 'published' },
    });
    expect(published.statusCode, published.body).toBe(200);
    return { orgId: org.json().id as string, eventId };
  }

  /** The six-digit code of the newest magic-code mail to `email`. */
  async codeFromMail(email: string): Promise<string> {
    const [mail] = await this.mails(email, 'auth.magic-code');
    expect(mail, `no magic-code mail to ${email}`).toBeDefined();
    const m = /\b(\d{6})\b/.exec(mail!.text ?? '');
    expect(m, mail!.text).not.toBeNull();
    return m![1]!;
  }
}

/** Median of some numbers. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
