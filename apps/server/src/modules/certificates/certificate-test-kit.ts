import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { type Api, type SignedUp, uniqueEmail } from '../../platform/testing/api-test-kit.ts';

/*
 * Helpers of the certificates tests (test-only; nothing in the server
 * imports this file): a CPD course, registrations with attendance, and
 * poppler's command-line tools on PDFs.
 */

/** Whether poppler's `name` (pdftotext, pdfsig, pdftoppm) is installed; the checks that need it say so when not. */
export function hasTool(name: string): boolean {
  try {
    execFileSync(name, ['-v'], { stdio: 'ignore' });
    return true;
  } catch (err) {
    // pdftotext -v exits 0 on new poppler, 99 on older ones; only a missing binary is ENOENT.
    return (err as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}

/** Runs a poppler tool on the PDF bytes; answers stdout and the exit status. */
export function onPdf(tool: string, pdf: Buffer, args: string[] = []): { out: string; status: number } {
  const dir = mkdtempSync(join(tmpdir(), 'foyer-cert-'));
  try {
    const file = join(dir, 'c.pdf');
    writeFileSync(file, pdf);
    try {
      return { out: execFileSync(tool, [...args, file, ...(tool === 'pdftotext' ? ['-'] : [])]).toString(), status: 0 };
    } catch (err) {
      const e = err as { status?: number; stdout?: Buffer };
      return { out: e.stdout?.toString() ?? '', status: e.status ?? 1 };
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The first page rendered to PNG by pdftoppm at `dpi`. */
export function pageImage(pdf: Buffer, dpi: number): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'foyer-cert-'));
  try {
    writeFileSync(join(dir, 'c.pdf'), pdf);
    execFileSync('pdftoppm', ['-png', '-r', String(dpi), '-singlefile', join(dir, 'c.pdf'), join(dir, 'page')]);
    return readFileSync(join(dir, 'page.png'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface Course {
  orgId: string;
  eventId: string;
}

/** A published one-day CPD course (45 minutes needed) of a new organization, with certificates as given. */
export async function cpdCourse(api: Api, owner: SignedUp, cpd: Record<string, unknown> = {}): Promise<Course> {
  const token = owner.accessToken;
  const slug = `cpd-${randomUUID().slice(0, 8)}`;
  const org = await api.post('/api/v1/orgs', { token, body: { name: 'Royal College of Examples', slug } });
  expect(org.statusCode, org.body).toBe(201);
  const orgId = org.json().id as string;
  const res = await api.post(`/api/v1/orgs/${orgId}/events`, {
    token,
    body: {
      name: 'Clinical Update 2027',
      slug: 'clinical-update',
      kind: 'course',
      format: 'hybrid',
      timezone: 'Europe/London',
      startsAt: '2027-06-01T09:00:00Z',
      endsAt: '2027-06-01T17:00:00Z',
      cpd: {
        creditType: 'CME',
        creditValue: 6,
        minimumAttendanceMinutes: 45,
        certificatesEnabled: true,
        ...cpd,
      },
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  const eventId = res.json().id as string;
  const published = await api.post(`/api/v1/events/${eventId}/status`, { token, body: { status: 'published' } });
  expect(published.statusCode, published.body).toBe(200);
  return { orgId, eventId };
}

/** A guest registration (confirmed: the course needs no approval). */
export async function registerGuest(
  api: Api,
  eventId: string,
  name: string,
): Promise<{ id: string; ticketCode: string; email: string }> {
  const email = uniqueEmail('holder');
  const res = await api.post(`/api/v1/events/${eventId}/registrations`, { body: { email, name } });
  expect(res.statusCode, res.body).toBe(201);
  return { id: res.json().id, ticketCode: res.json().ticketCode, email };
}

/** `minutes` of presence in the ledger from a venue system. */
export async function attend(api: Api, token: string, eventId: string, registrationId: string, minutes: number) {
  const start = Date.parse('2027-06-01T10:00:00Z');
  const res = await api.post(`/api/v1/events/${eventId}/attendance`, {
    token,
    body: {
      registrationId,
      source: 'venue',
      sourceRef: randomUUID(),
      startedAt: new Date(start).toISOString(),
      endedAt: new Date(start + minutes * 60_000).toISOString(),
    },
  });
  expect(res.statusCode, res.body).toBe(201);
}
