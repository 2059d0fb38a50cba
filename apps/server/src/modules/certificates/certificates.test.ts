import { CertificateVerification, IssueCertificatesResult } from '@foyer/contracts';
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, expectProblem, type SignedUp } from '../../platform/testing/api-test-kit.ts';
import { createTestApp, eventually, type TestApp } from '../../platform/testing/test-app.ts';
import { auditLog } from '../audit/index.ts';
import { newShortCode, newVerificationCode, parseCode } from './certificate-codes.ts';
import { attend, type Course, cpdCourse, hasTool, onPdf, pageImage, registerGuest } from './certificate-test-kit.ts';
import { addMonths } from './certificates-service.ts';

// jsqr is CommonJS: under Node's ESM its default import is `module.exports`, whose `default` is the function.
const jsQR = (jsQRModule as unknown as { default: typeof jsQRModule.default }).default;

describe('certificate codes', () => {
  it('draws short codes of 10 Crockford characters and 128-bit long codes, all different', () => {
    const shorts = new Set(Array.from({ length: 2000 }, newShortCode));
    const longs = new Set(Array.from({ length: 2000 }, newVerificationCode));
    expect(shorts.size).toBe(2000);
    expect(longs.size).toBe(2000);
    for (const c of shorts) expect(c).toMatch(/^[0-9A-HJKMNP-TV-Z]{10}$/);
    for (const c of longs) expect(Buffer.from(c, 'base64url')).toHaveLength(16);
    // Every one of the 32 characters turns up (the draw is not biased to a part of the alphabet).
    expect(new Set([...shorts].join('')).size).toBe(32);
  });

  it('reads short codes in any case, with dashes and look-alike letters; long codes exactly', () => {
    expect(parseCode('7k3m9-qx2tb')).toEqual({ kind: 'short', value: '7K3M9QX2TB' });
    expect(parseCode('7K3M9 QX2TB')).toEqual({ kind: 'short', value: '7K3M9QX2TB' });
    expect(parseCode('O1LI0QX2TB')).toEqual({ kind: 'short', value: '0111' + '0QX2TB' });
    expect(parseCode('7K3M9QX2TU')).toBeNull();
    expect(parseCode('AbCdEfGhIjKlMnOpQrStUv')).toEqual({ kind: 'long', value: 'AbCdEfGhIjKlMnOpQrStUv' });
    expect(parseCode('short')).toBeNull();
  });

  it('expires N calendar months later, on the last day of a shorter month', () => {
    expect(addMonths(new Date('2027-01-31T12:00:00Z'), 1).toISOString()).toBe('2027-02-28T12:00:00.000Z');
    expect(addMonths(new Date('2027-06-15T00:00:00Z'), 24).toISOString()).toBe('2029-06-15T00:00:00.000Z');
  });
});

let t: TestApp;
let api: Api;
let owner: SignedUp;
let course: Course;
const people: Record<'checkedIn' | 'fifty' | 'overridden' | 'ten' | 'cancelled' | 'member', string> = {
  checkedIn: '',
  fifty: '',
  overridden: '',
  ten: '',
  cancelled: '',
  member: '',
};
let memberUser: SignedUp;
let outsider: SignedUp;
let first: IssueCertificatesResult;

beforeAll(async () => {
  t = await createTestApp();
  api = new Api(t.app);
  owner = await api.signup();
  outsider = await api.signup();
  course = await cpdCourse(api, owner, { certificateValidityMonths: 24 });
  const token = owner.accessToken;
  const { eventId } = course;
  // Acceptance 1: one checked in, one with 50 venue minutes, one with 10 and an override; plus 10 minutes
  // without one, a cancellation, and a signed-in member (checked in) who downloads their own PDF.
  const checkedIn = await registerGuest(api, eventId, 'Ada Lovelace');
  const checkIn = await api.post(`/api/v1/events/${eventId}/check-ins`, {
    token,
    body: { code: checkedIn.ticketCode },
  });
  expect(checkIn.statusCode, checkIn.body).toBe(200);
  people.checkedIn = checkedIn.id;
  people.fifty = (await registerGuest(api, eventId, 'Grace Hopper')).id;
  await attend(api, token, eventId, people.fifty, 50);
  people.overridden = (await registerGuest(api, eventId, 'Zoë Ångström-Łukasiewicz')).id;
  await attend(api, token, eventId, people.overridden, 10);
  const override = await api.put(`/api/v1/registrations/${people.overridden}/attendance-override`, {
    token,
    body: { eligible: true, reason: 'Attended the recording' },
  });
  expect(override.statusCode, override.body).toBe(200);
  people.ten = (await registerGuest(api, eventId, 'Tim Ten')).id;
  await attend(api, token, eventId, people.ten, 10);
  people.cancelled = (await registerGuest(api, eventId, 'Carl Cancel')).id;
  await attend(api, token, eventId, people.cancelled, 60);
  expect((await api.post(`/api/v1/registrations/${people.cancelled}/cancel`, { token, body: {} })).statusCode).toBe(
    200,
  );
  memberUser = await api.signup({ name: 'Mary Member' });
  const verifyToken = await api.tokenFromMail(memberUser.email, 'auth.verify-email');
  expect((await api.post('/api/v1/auth/verify-email', { body: { token: verifyToken } })).statusCode).toBe(200);
  const mine = await api.post(`/api/v1/events/${eventId}/registrations`, {
    token: memberUser.accessToken,
    body: { answers: {} },
  });
  expect(mine.statusCode, mine.body).toBe(201);
  expect(mine.json().userId).toBe(memberUser.userId);
  people.member = mine.json().id;
  await api.post(`/api/v1/events/${eventId}/check-ins`, { token, body: { code: mine.json().ticketCode } });
});
afterAll(async () => t?.close());

const issue = (body: unknown, headers: Record<string, string> = {}, token = owner.accessToken) =>
  api.post(`/api/v1/events/${course.eventId}/certificates/issue`, { token, body, headers });
const verify = (code: string, ip?: string) =>
  api.get(`/api/v1/certificates/verify/${encodeURIComponent(code)}`, ip ? { ip } : {});
const certificateOf = (registrationId: string) => first.issued.find((c) => c.registrationId === registrationId)!;

async function pdfOf(certificateId: string, token = owner.accessToken): Promise<Buffer> {
  const res = await eventually(async () => {
    const r = await api.get(`/api/v1/certificates/${certificateId}/pdf`, { token });
    return r.statusCode === 200 ? r : null;
  });
  expect(res.headers['content-type']).toBe('application/pdf');
  return res.rawPayload;
}

describe('issuing', () => {
  it('issues all eligible: four certificates, the rest skipped with their reasons', async () => {
    const res = await issue({ all: true }, { 'idempotency-key': 'issue-all-1' });
    expect(res.statusCode, res.body).toBe(200);
    first = IssueCertificatesResult.parse(res.json());
    expect(first.issuedCount).toBe(4);
    expect(first.issued.map((c) => c.registrationId).sort()).toEqual(
      [people.checkedIn, people.fifty, people.overridden, people.member].sort(),
    );
    expect(first.skipped).toEqual(
      expect.arrayContaining([
        { registrationId: people.ten, reason: 'not_eligible' },
        { registrationId: people.cancelled, reason: 'cancelled' },
      ]),
    );
    expect(first.skippedCount).toBe(2);
    expect(first.batchId).not.toBeNull();
  });

  it('answers the same result to the same Idempotency-Key, and refuses the key for another body', async () => {
    const again = await issue({ all: true }, { 'idempotency-key': 'issue-all-1' });
    expect(again.statusCode).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first);
    expectProblem(
      await issue({ registrationIds: [people.ten] }, { 'idempotency-key': 'issue-all-1' }),
      422,
      'IDEMPOTENCY_KEY_REUSED',
    );
    expectProblem(await issue({ all: true }, { 'idempotency-key': 'bad key with spaces' }), 422, 'VALIDATION_FAILED');
  });

  it('issues none the second time: everyone has one or is not eligible', async () => {
    const res = await issue({ all: true });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().issuedCount).toBe(0);
    expect(res.json().batchId).toBeNull();
    const reasons = Object.fromEntries(
      (res.json() as IssueCertificatesResult).skipped.map((s) => [s.registrationId, s.reason]),
    );
    expect(reasons[people.checkedIn]).toBe('already_certified');
    expect(reasons[people.ten]).toBe('not_eligible');
    const some = await issue({ registrationIds: [people.fifty, '00000000-0000-4000-8000-000000000000'] });
    expect(some.json().skipped).toEqual([
      { registrationId: people.fifty, reason: 'already_certified' },
      { registrationId: '00000000-0000-4000-8000-000000000000', reason: 'unknown_registration' },
    ]);
  });

  it('renders every PDF through jobs, the batch counting them', async () => {
    const batch = await eventually(async () => {
      const res = await api.get(`/api/v1/events/${course.eventId}/certificates/batches/${first.batchId}`, {
        token: owner.accessToken,
      });
      return res.json().state === 'done' ? res.json() : null;
    }, 20_000);
    expect(batch).toMatchObject({ issuedCount: 4, skippedCount: 2, renderedCount: 4, progress: 1 });
    expect(batch.completedAt).not.toBeNull();
  });

  it('lists certificates page by page, with snapshot, credits and expiry', async () => {
    const url = `/api/v1/events/${course.eventId}/certificates`;
    const one = await api.get(`${url}?limit=3`, { token: owner.accessToken });
    expect(one.statusCode, one.body).toBe(200);
    expect(one.json().items).toHaveLength(3);
    const two = await api.get(`${url}?limit=3&cursor=${one.json().nextCursor}`, { token: owner.accessToken });
    expect(two.json().items).toHaveLength(1);
    expect(two.json().nextCursor).toBeNull();
    const all = [...one.json().items, ...two.json().items];
    expect(new Set(all.map((c: { id: string }) => c.id)).size).toBe(4);
    const zoe = all.find((c: { registrationId: string }) => c.registrationId === people.overridden);
    expect(zoe).toMatchObject({
      holderName: 'Zoë Ångström-Łukasiewicz',
      credits: { type: 'CME', value: 6 },
      status: 'valid',
      pdfReady: true,
    });
    expect(Date.parse(zoe.expiresAt) - Date.parse(zoe.issuedAt)).toBeGreaterThan(729 * 86_400_000);
    expect(Date.parse(zoe.expiresAt) - Date.parse(zoe.issuedAt)).toBeLessThan(732 * 86_400_000);
    expectProblem(
      await api.get(`${url}?cursor=${'x'.repeat(20)}`, { token: owner.accessToken }),
      422,
      'VALIDATION_FAILED',
    );
  });

  it('refuses an event without certificates, and bad input, with problems', async () => {
    const other = await cpdCourse(api, owner, { certificatesEnabled: false });
    const off = await api.post(`/api/v1/events/${other.eventId}/certificates/issue`, {
      token: owner.accessToken,
      body: { all: true },
    });
    expectProblem(off, 409, 'CERTIFICATES_DISABLED');
    expectProblem(await issue({}), 422, 'VALIDATION_FAILED');
    expectProblem(await issue({ registrationIds: [] }), 422, 'VALIDATION_FAILED');
    expectProblem(await issue({ registrationIds: ['nope'] }), 422, 'VALIDATION_FAILED');
    expectProblem(
      await api.post('/api/v1/events/not_a_uuid/certificates/issue', { token: owner.accessToken, body: { all: true } }),
      422,
      'VALIDATION_FAILED',
    );
    expectProblem(
      await api.get('/api/v1/certificates/not-a-uuid', { token: owner.accessToken }),
      422,
      'VALIDATION_FAILED',
    );
    expectProblem(await issue({ all: true }, {}, outsider.accessToken), 403, 'FORBIDDEN');
  });
});

describe('the PDF', () => {
  it('has selectable text with the holder’s name and code, metadata, and a QR code of the verification link', async () => {
    const zoe = certificateOf(people.overridden);
    const pdf = await pdfOf(zoe.certificateId);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const certificate = (
      await api.get(`/api/v1/certificates/${zoe.certificateId}`, { token: owner.accessToken })
    ).json();
    if (!hasTool('pdftotext')) {
      console.warn('pdftotext (poppler-utils) is not installed: the text and QR checks of the PDF are skipped');
      return;
    }
    const text = onPdf('pdftotext', pdf).out;
    expect(text).toContain('Zoë Ångström-Łukasiewicz');
    expect(text).toContain(`${zoe.shortCode.slice(0, 5)}-${zoe.shortCode.slice(5)}`);
    expect(text).toContain('Clinical Update 2027');
    expect(text).toContain('6 CME credits');
    expect(text).toContain('Royal College of Examples');
    const info = onPdf('pdfinfo', pdf).out;
    expect(info).toMatch(/Title:\s+Certificate of attendance: Zoë Ångström-Łukasiewicz, Clinical Update 2027/);
    expect(info).toMatch(/Author:\s+Royal College of Examples/);
    expect(info).toMatch(/Page size:\s+841\.89 x 595\.28 pts \(A4\)/);
    // The QR code, as a phone would read it off the page.
    const png = PNG.sync.read(pageImage(pdf, 150));
    const qr = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    expect(qr?.data).toBe(certificate.verificationUrl);
    expect(certificate.verificationUrl).toContain(certificate.verificationCode);
  });

  it('is signed with the organisation’s key: pdfsig says valid, and fails it once one byte changes', async () => {
    const pdf = await pdfOf(certificateOf(people.checkedIn).certificateId);
    if (!hasTool('pdfsig')) {
      console.warn('pdfsig (poppler-utils) is not installed: the PDF signature checks are skipped');
      return;
    }
    const good = onPdf('pdfsig', pdf);
    expect(good.out).toContain('Signature Validation: Signature is Valid.');
    expect(good.out).toContain('Royal College of Examples');
    expect(good.out).toMatch(/Signature Type: adbe\.pkcs7\.detached/);
    // One byte of the page content changed (a digit of a drawing operator), outside the signature itself.
    const tampered = Buffer.from(pdf);
    const at = tampered.indexOf('Lato');
    expect(at).toBeGreaterThan(0);
    tampered[at] = 'M'.charCodeAt(0);
    const bad = onPdf('pdfsig', tampered);
    expect(bad.out).not.toContain('Signature is Valid.');
    expect(bad.out).toMatch(/Signature Validation: (Digest Mismatch|Signature is Invalid)/);
  });

  it('checks an uploaded PDF: the issued file is authentic, a changed copy modified, anything else unknown', async () => {
    const ada = certificateOf(people.checkedIn);
    const pdf = await pdfOf(ada.certificateId);
    const check = (body: Buffer | string, contentType = 'application/pdf') =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/certificates/check-pdf',
        headers: { 'content-type': contentType },
        payload: body,
        remoteAddress: `2001:db8::${Math.floor(Math.random() * 0xffff).toString(16)}`,
      });
    const authentic = await check(pdf);
    expect(authentic.statusCode, authentic.body).toBe(200);
    expect(authentic.json()).toMatchObject({
      result: 'authentic',
      certificate: { holderName: 'Ada Lovelace', shortCode: ada.shortCode },
    });
    const tampered = Buffer.from(pdf);
    const at = tampered.indexOf('Lato');
    tampered[at] = 'M'.charCodeAt(0);
    expect((await check(tampered)).json()).toMatchObject({
      result: 'modified',
      certificate: { shortCode: ada.shortCode },
    });
    expect((await check(Buffer.from('%PDF-1.7\nnot really\n%%EOF'))).json()).toEqual({
      result: 'unknown',
      certificate: null,
    });
    expect((await check(Buffer.from('hello'))).json()).toEqual({ result: 'unknown', certificate: null });
    expectProblem(await check('{"a":1}', 'application/json'), 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('goes to its holder and the organisers, nobody else', async () => {
    const mine = certificateOf(people.member);
    const pdf = await pdfOf(mine.certificateId, memberUser.accessToken);
    expect(pdf.length).toBeGreaterThan(1000);
    const url = `/api/v1/certificates/${mine.certificateId}/pdf`;
    expectProblem(await api.get(url, { token: outsider.accessToken }), 403, 'FORBIDDEN');
    expectProblem(await api.get(url), 401, 'UNAUTHENTICATED');
    // Someone else's certificate is not the member's.
    expectProblem(
      await api.get(`/api/v1/certificates/${certificateOf(people.fifty).certificateId}/pdf`, {
        token: memberUser.accessToken,
      }),
      403,
      'FORBIDDEN',
    );
    // The holder finds it among their own.
    const own = await api.get('/api/v1/me/certificates', { token: memberUser.accessToken });
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json().items).toEqual([
      expect.objectContaining({ id: mine.certificateId, holderName: 'Mary Member', eventName: 'Clinical Update 2027' }),
    ]);
    expect((await api.get('/api/v1/me/certificates', { token: outsider.accessToken })).json().items).toEqual([]);
    expectProblem(
      await api.get('/api/v1/certificates/00000000-0000-4000-8000-000000000000/pdf', { token: owner.accessToken }),
      404,
      'NOT_FOUND',
    );
  });
});

describe('verification', () => {
  it('verifies by long code and by short code in any form: holder, event, credits, status', async () => {
    const ada = certificateOf(people.checkedIn);
    const dto = (await api.get(`/api/v1/certificates/${ada.certificateId}`, { token: owner.accessToken })).json();
    const byLong = await verify(dto.verificationCode);
    expect(byLong.statusCode, byLong.body).toBe(200);
    expect(byLong.headers['cache-control']).toBe('no-store');
    const v = CertificateVerification.parse(byLong.json());
    expect(v).toMatchObject({
      status: 'valid',
      holderName: 'Ada Lovelace',
      issuer: 'Royal College of Examples',
      credits: { type: 'CME', value: 6 },
      shortCode: ada.shortCode,
      revocation: null,
      event: { name: 'Clinical Update 2027', startsAt: '2027-06-01T09:00:00.000Z', timezone: 'Europe/London' },
    });
    const short = `${ada.shortCode.slice(0, 5)}-${ada.shortCode.slice(5)}`.toLowerCase();
    expect((await verify(short)).json()).toEqual(v);
    expectProblem(await verify('ZZZZZZZZZZ'), 404, 'NOT_FOUND');
    expectProblem(await verify(newVerificationCode()), 404, 'NOT_FOUND');
    expectProblem(await verify('short'), 422, 'VALIDATION_FAILED');
    expectProblem(await verify('<script>alert(1)</script>'), 422, 'VALIDATION_FAILED');
  });

  it('keeps what it certifies as issued when the event is edited later', async () => {
    const patched = await api.patch(`/api/v1/events/${course.eventId}`, {
      token: owner.accessToken,
      body: { name: 'Renamed Course' },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    const v = (await verify(certificateOf(people.checkedIn).shortCode)).json();
    expect(v.event.name).toBe('Clinical Update 2027');
    await api.patch(`/api/v1/events/${course.eventId}`, {
      token: owner.accessToken,
      body: { name: 'Clinical Update 2027' },
    });
  });

  it('is rate limited per client address', async () => {
    const ip = '2001:db8::77';
    const code = certificateOf(people.checkedIn).shortCode;
    let limited = null;
    for (let i = 0; i < 40 && !limited; i++) {
      const res = await verify(code, ip);
      if (res.statusCode === 429) limited = res;
    }
    expect(limited, 'no 429 within 40 verifications').not.toBeNull();
    expectProblem(limited!, 429, 'RATE_LIMITED');
    expect(Number(limited!.headers['retry-after'])).toBeGreaterThan(0);
  });
});

describe('revoking and re-issuing', () => {
  it('revokes with a reason (audited); verification then says revoked; the record stays', async () => {
    const grace = certificateOf(people.fifty);
    const url = `/api/v1/certificates/${grace.certificateId}/revoke`;
    expectProblem(await api.post(url, { token: owner.accessToken, body: {} }), 422, 'VALIDATION_FAILED');
    expectProblem(await api.post(url, { token: memberUser.accessToken, body: { reason: 'x' } }), 403, 'FORBIDDEN');
    const res = await api.post(url, { token: owner.accessToken, body: { reason: 'Attendance was misrecorded' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'revoked', revocation: { reason: 'Attendance was misrecorded' } });
    const v = (await verify(grace.shortCode)).json();
    expect(v).toMatchObject({ status: 'revoked', holderName: 'Grace Hopper' });
    expect(v.revocation.reason).toBe('Attendance was misrecorded');
    expectProblem(
      await api.post(url, { token: owner.accessToken, body: { reason: 'again' } }),
      409,
      'CERTIFICATE_REVOKED',
    );
    const [entry] = await t.app.platform.database.db
      .select()
      .from(auditLog)
      .where((await import('drizzle-orm')).eq(auditLog.targetId, grace.certificateId));
    expect(entry).toMatchObject({ action: 'certificate.revoked', actorId: owner.userId });
    // Issuing again does not undo a revocation.
    const again = await issue({ registrationIds: [people.fifty] });
    expect(again.json().skipped).toEqual([{ registrationId: people.fifty, reason: 'revoked' }]);
  });

  it('re-issues after a correction, keeping the old one as superseded', async () => {
    const zoe = certificateOf(people.overridden);
    const url = `/api/v1/certificates/${zoe.certificateId}/reissue`;
    const res = await api.post(url, {
      token: owner.accessToken,
      body: { reason: 'Name misspelt', holderName: 'Zoë Ångström-Łukasiewicz-Smith' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const replacement = res.json();
    expect(replacement).toMatchObject({ status: 'valid', holderName: 'Zoë Ångström-Łukasiewicz-Smith' });
    expect(replacement.shortCode).not.toBe(zoe.shortCode);
    const old = (await verify(zoe.shortCode)).json();
    expect(old).toMatchObject({ status: 'superseded', supersededBy: replacement.shortCode });
    expect((await verify(replacement.shortCode)).json()).toMatchObject({
      status: 'valid',
      holderName: 'Zoë Ångström-Łukasiewicz-Smith',
      event: { name: 'Clinical Update 2027' },
    });
    expectProblem(
      await api.post(url, { token: owner.accessToken, body: { reason: 'again' } }),
      409,
      'CERTIFICATE_SUPERSEDED',
    );
    const pdf = await pdfOf(replacement.id);
    if (hasTool('pdftotext')) expect(onPdf('pdftotext', pdf).out).toContain('Zoë Ångström-Łukasiewicz-Smith');
    const superseded = await api.get(`/api/v1/events/${course.eventId}/certificates?status=superseded`, {
      token: owner.accessToken,
    });
    expect(superseded.json().items.map((c: { id: string }) => c.id)).toEqual([zoe.certificateId]);
  });
});

describe('auto-issue and the event’s end', () => {
  it('issues to everyone eligible when an auto-issue event completes', async () => {
    const auto = await cpdCourse(api, owner, { certificatesAutoIssue: true });
    const a = await registerGuest(api, auto.eventId, 'Auto Attendee');
    await attend(api, owner.accessToken, auto.eventId, a.id, 60);
    const b = await registerGuest(api, auto.eventId, 'Brief Visitor');
    await attend(api, owner.accessToken, auto.eventId, b.id, 5);
    for (const status of ['live', 'completed']) {
      const res = await api.post(`/api/v1/events/${auto.eventId}/status`, {
        token: owner.accessToken,
        body: { status },
      });
      expect(res.statusCode, res.body).toBe(200);
    }
    const items = await eventually(async () => {
      const res = await api.get(`/api/v1/events/${auto.eventId}/certificates`, { token: owner.accessToken });
      return res.json().items.length > 0 ? res.json().items : null;
      // The event's completion reaches the issuer through the outbox and a job: on a loaded 2-core CI machine, seconds.
    }, 60_000);
    expect(items.map((c: { registrationId: string }) => c.registrationId)).toEqual([a.id]);
    // Deleting the event takes its certificates with it (its whole footprint).
    const deleted = await api.delete(`/api/v1/events/${auto.eventId}`, { token: owner.accessToken });
    expect(deleted.statusCode, deleted.body).toBe(204);
    expectProblem(await verify(items[0].shortCode), 404, 'NOT_FOUND');
  }, 90_000);
});
