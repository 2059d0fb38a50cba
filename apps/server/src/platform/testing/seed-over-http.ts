/**
 * Over HTTP only, as an outside client would: an organiser signs up, creates
 * an organisation and a published event that takes guest registrations.
 * Used by the scale-out proof and the dashboards test against real processes.
 */
export async function seedPublishedEvent(
  base: string,
  slugs: { org: string; event: string } = { org: 'scale-out', event: 'proof' },
): Promise<{ id: string; path: string; accessToken: string }> {
  const json = async (res: Response) => {
    const body = (await res.json()) as Record<string, unknown>;
    if (!res.ok) throw new Error(`${res.url} answered ${res.status}: ${JSON.stringify(body)}`);
    return body;
  };
  const organiser = { email: `organiser@${slugs.org}.foyer.test`, password: 'violet tram quietly folds 42' };
  // Sign-up answers 202 alike for new and taken addresses; the new account then signs in.
  await json(
    await fetch(`${base}/api/v1/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...organiser, name: 'Organiser' }),
    }),
  );
  const signup = await json(
    await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(organiser),
    }),
  );
  const accessToken = String(signup.accessToken);
  const auth = { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` };
  const org = await json(
    await fetch(`${base}/api/v1/orgs`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ name: slugs.org, slug: slugs.org }),
    }),
  );
  const startsAt = Date.now() + 30 * 86_400_000;
  const event = await json(
    await fetch(`${base}/api/v1/orgs/${String(org.id)}/events`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({
        name: 'Proof',
        slug: slugs.event,
        kind: 'conference',
        format: 'in_person',
        timezone: 'Europe/Berlin',
        startsAt: new Date(startsAt).toISOString(),
        endsAt: new Date(startsAt + 8 * 3_600_000).toISOString(),
        capacity: 100_000,
        registration: { waitlistEnabled: true, guestsAllowed: true },
      }),
    }),
  );
  await json(
    await fetch(`${base}/api/v1/events/${String(event.id)}/status`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ status: 'published' }),
    }),
  );
  return { id: String(event.id), path: `/api/v1/events/${slugs.org}/${slugs.event}`, accessToken };
}

/** Registers one guest; answers the registration id (throws unless 201). */
export async function registerGuest(
  base: string,
  eventId: string,
  email: string,
  idempotencyKey: string,
): Promise<string> {
  const res = await fetch(`${base}/api/v1/events/${eventId}/registrations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
    body: JSON.stringify({ email, name: 'Guest', answers: {}, acknowledgedRequirements: [] }),
    signal: AbortSignal.timeout(15_000),
  });
  const body = (await res.json()) as { id?: string };
  if (res.status !== 201) throw new Error(`POST registration answered ${res.status}`);
  if (!body.id) throw new Error('201 without a registration id');
  return body.id;
}
