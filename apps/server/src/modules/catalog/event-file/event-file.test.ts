import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../platform/config/config.ts';
import { servicesOf } from '../../../platform/module.ts';
import { createTestApp, type TestApp } from '../../../platform/testing/test-app.ts';
import { onRealPostgres } from '../../../platform/testing/test-database.ts';
import { auditLog } from '../../audit/index.ts';
import { type IdentityServices, identityModule } from '../../identity/index.ts';
import { type OrganizationsServices, organizationsModule } from '../../organizations/index.ts';
import { type CatalogServices, catalogModule } from '../index.ts';
import { events, locations, people, sessions, tags } from '../schema.ts';
import { type EventFileError, eventFileErrorsOf } from './event-file-errors.ts';

let t: TestApp;
let s: CatalogServices & IdentityServices & OrganizationsServices;
let orgId: string;
const system = { type: 'system' as const, id: null };

beforeAll(async () => {
  t = await createTestApp();
  s = {
    ...servicesOf(t.app.platform, catalogModule),
    ...servicesOf(t.app.platform, identityModule),
    ...servicesOf(t.app.platform, organizationsModule),
  };
  const user = await s.users.insert(t.app.platform.database.db, {
    email: `${randomUUID()}@event-file.test`,
    name: 'Owner',
    passwordHash: null,
    verified: true,
    platformRole: 'user',
  });
  const org = await s.organizations.create(
    { kind: 'user', userId: user!.id, sessionId: '', platformRole: 'user', emailVerified: true },
    { name: 'Event File Org', slug: `ef-${randomUUID().slice(0, 8)}` },
    { ip: null, userAgent: null },
  );
  orgId = org.id;
});
afterAll(async () => t?.close());

/** A small festival: two stages (one shared across files), three people, four sessions. */
function festival(slug: string, opts: { stage?: string; extraTag?: string } = {}): string {
  const stage = opts.stage ?? `Harbour Stage ${slug}`;
  return `foyer: event/v1
event:
  slug: ${slug}
  name: Harbour Festival
  status: published
  kind: festival
  format: in_person
  timezone: Europe/Berlin
  startsAt: 2027-07-01T12:00:00+02:00
  endsAt: 2027-07-03T23:00:00+02:00
  summary: Three days by the water
  description: |
    Music, food and talks on the pier.

    Bring a jacket.
  priceText: 25 €
  capacity: 500
  registration:
    waitlistEnabled: true
  tags: [Outdoor]
  links:
    - service: website
      url: https://harbour.example.org
tags: [Outdoor, Jazz, Talk${opts.extraTag ? `, ${opts.extraTag}` : ''}]
locations:
  - name: ${stage}
    openAir: true
    accessible: true
    place:
      street: Hafenweg 1
      zip: 20457
      town: Hamburg
      country: DE
      lat: 53.5436
      lon: 9.9664
    links:
      - service: website
        url: https://stage.example.org
  - name: Tent ${slug}
people:
  - key: nina
    name: Nina Sommer
    bio: Jazz pianist from Hamburg.
    links:
      - service: instagram
        url: https://instagram.com/ninasommer
  - key: the-tides
    name: The Tides
  - name: Ola Berg
sessions:
  - key: opening
    title: Opening concert
    kind: performance
    startsAt: 2027-07-01T18:00:00+02:00
    endsAt: 2027-07-01T19:30:00+02:00
    location: ${stage}
    people: [nina, the-tides]
    tags: [Jazz${opts.extraTag ? `, ${opts.extraTag}` : ''}]
  - key: talk
    title: Boats and the city
    kind: talk
    startsAt: 2027-07-02T14:00:00+02:00
    endsAt: 2027-07-02T15:00:00+02:00
    location: Tent ${slug}
    people: [ola-berg]
    tags: [talk]
    capacity: 80
  - key: closing
    title: Closing set
    kind: performance
    startsAt: 2027-07-03T21:00:00+02:00
    endsAt: 2027-07-03T23:00:00+02:00
    location: ${stage}
    people: [the-tides]
  - key: jam
    title: Late-night jam
    kind: other
`;
}

const slug = () => `harbour-${randomUUID().slice(0, 8)}`;
const apply = (text: string) => s.eventFiles.apply(orgId, s.eventFiles.parse(text), system, null);

function errorsOf(text: string): EventFileError[] {
  try {
    s.eventFiles.parse(text);
  } catch (err) {
    const errors = eventFileErrorsOf(err);
    if (errors) return errors;
    throw err;
  }
  throw new Error('the file was accepted');
}

/** The line (1-based) of the `nth` line of `text` containing `needle`. */
const lineOf = (text: string, needle: string, nth = 1) =>
  text
    .split('\n')
    .map((l, i) => (l.includes(needle) ? i + 1 : 0))
    .filter(Boolean)[nth - 1] ?? 0;

async function auditCount(): Promise<number> {
  const [row] = await t.app.platform.database.db
    .select({ n: count() })
    .from(auditLog)
    .where(eq(auditLog.organizationId, orgId));
  return row!.n;
}

describe('event file: parsing', () => {
  it('accepts the example', () => {
    expect(() => s.eventFiles.parse(festival('ok'))).not.toThrow();
  });

  it('reports malformed YAML at its line', () => {
    const text = festival('bad').replace('  format: in_person', '\tformat: in_person');
    // The first error is where the file went wrong (later ones may follow from it).
    expect(errorsOf(text)[0]).toEqual({
      line: lineOf(text, '\tformat'),
      column: 1,
      path: '',
      message: 'Tabs are not allowed as indentation',
      field: '',
      code: 'invalid_event_file',
    });
    const twice = festival('bad').replace('  capacity: 500', '  capacity: 500\n  capacity: 600');
    expect(errorsOf(twice)).toEqual([
      expect.objectContaining({ line: lineOf(twice, 'capacity: 600'), message: 'Map keys must be unique' }),
    ]);
  });

  it('reports a wrong type at the line and column of the value', () => {
    const text = festival('xx').replace('  capacity: 500', '  capacity: lots');
    const [error, ...rest] = errorsOf(text);
    expect(rest).toEqual([]);
    expect(error).toMatchObject({ line: lineOf(text, 'capacity: lots'), column: 13, path: 'event.capacity' });
  });

  it('reports an unknown field at its key, and a missing one at its parent', () => {
    const text = festival('xx').replace('    title: Closing set\n', '    titel: Closing set\n');
    const errors = errorsOf(text);
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ line: lineOf(text, '- key: closing'), path: 'sessions[2].title' }),
        expect.objectContaining({ line: lineOf(text, 'titel:'), column: 5, path: 'sessions[2].titel' }),
      ]),
    );
  });

  it('reports unknown references and times outside the event at their lines', () => {
    const text = festival('xx')
      .replace('people: [ola-berg]', 'people: [ola-berg, nobody]')
      .replace('location: Tent xx', 'location: Nowhere')
      .replace('tags: [talk]', 'tags: [talk, Polka]')
      .replace('startsAt: 2027-07-03T21:00:00+02:00', 'startsAt: 2027-06-30T21:00:00+02:00');
    const errors = errorsOf(text);
    expect(errors.map((e) => [e.line, e.path, e.message])).toEqual([
      [
        lineOf(text, 'location: Nowhere'),
        'sessions[1].location',
        'names a location "Nowhere" missing from `locations`',
      ],
      [lineOf(text, 'nobody'), 'sessions[1].people[1]', 'names a person "nobody" missing from `people`'],
      [lineOf(text, 'Polka'), 'sessions[1].tags[1]', 'names a tag "Polka" missing from `tags`'],
      [lineOf(text, '2027-06-30T21'), 'sessions[2].startsAt', 'must not be before the event starts'],
    ]);
    expect(errors[1]!.column).toBe(text.split('\n')[errors[1]!.line - 1]!.indexOf('nobody') + 1);
  });

  it('reports duplicate keys and names', () => {
    const text = festival('xx').replace('  - name: Ola Berg', '  - name: Nina\n    key: nina');
    expect(errorsOf(text)).toEqual([
      expect.objectContaining({ line: lineOf(text, 'key: nina', 2), path: 'people[2].key' }),
      expect.objectContaining({ path: 'sessions[1].people[0]' }),
    ]);
  });

  it('accepts the complete example of docs/event-as-code.md', async () => {
    const doc = await fs.readFile(path.join(REPO_ROOT, 'docs/event-as-code.md'), 'utf8');
    const example = /```yaml\n(foyer: event\/v1[\s\S]*?)```/.exec(doc)?.[1];
    expect(example).toBeDefined();
    const { file } = s.eventFiles.parse(example!);
    expect(file.sessions).toHaveLength(2);
  });

  it('rejects a file that is not an event file', () => {
    expect(errorsOf('- just\n- a list\n')).toEqual([
      expect.objectContaining({ line: 1, column: 1, path: '', message: expect.stringContaining('object') }),
    ]);
    expect(errorsOf('foyer: event/v2\n').find((e) => e.path === 'foyer')).toMatchObject({
      line: 1,
      column: 8,
      path: 'foyer',
    });
  });
});

describe('event file: apply', () => {
  it('creates the event with its programme, published through draft', async () => {
    const result = await apply(festival(slug()));
    expect(result).toMatchObject({ created: true, changed: true, statusChanges: ['published'] });
    expect(result.summary).toMatchObject({
      event: { created: 1 },
      tags: { created: 3 },
      locations: { created: 2 },
      people: { created: 3 },
      sessions: { created: 4 },
    });
    const detail = await s.events.detail(result.eventId);
    expect(detail).toMatchObject({ status: 'published', capacity: 500, startsAt: '2027-07-01T10:00:00.000Z' });
    expect(detail.tags.map((tag) => tag.name)).toEqual(['Outdoor']);
    const history = await s.events.statusHistory(result.eventId);
    expect(history.map((h) => [h.from, h.to])).toEqual([
      [null, 'draft'],
      ['draft', 'published'],
    ]);
    const list = await s.sessions.list(result.eventId);
    expect(list.map((x) => x.title)).toEqual([
      'Opening concert',
      'Boats and the city',
      'Closing set',
      'Late-night jam',
    ]);
    expect(list[0]!.personIds).toHaveLength(2);
    expect(list[3]).toMatchObject({ startsAt: null, isScheduled: false, locationId: null });
    const ppl = await s.people.list(result.eventId);
    expect(ppl.map((p) => p.name)).toEqual(['Nina Sommer', 'The Tides', 'Ola Berg']);
    expect(ppl[0]!.links).toEqual([expect.objectContaining({ service: 'instagram' })]);
  });

  it('applied twice writes nothing: no audit entry, no updatedAt bump', async () => {
    const text = festival(slug());
    const first = await apply(text);
    const before = {
      audit: await auditCount(),
      event: (await s.events.get(first.eventId)).updatedAt,
      sessions: (await s.sessions.list(first.eventId)).map((x) => x.updatedAt),
      people: (await s.people.list(first.eventId)).map((x) => x.updatedAt),
    };
    const second = await apply(text);
    expect(second).toMatchObject({ eventId: first.eventId, created: false, changed: false, statusChanges: [] });
    expect(Object.values(second.summary).every((c) => c.created + c.updated + c.removed === 0)).toBe(true);
    expect(await auditCount()).toBe(before.audit);
    expect((await s.events.get(first.eventId)).updatedAt).toBe(before.event);
    expect((await s.sessions.list(first.eventId)).map((x) => x.updatedAt)).toEqual(before.sessions);
    expect((await s.people.list(first.eventId)).map((x) => x.updatedAt)).toEqual(before.people);
  });

  it('updates in place by key, and removes what left the file', async () => {
    const name = slug();
    const first = await apply(festival(name));
    const ids = new Map((await s.sessions.list(first.eventId)).map((x) => [x.title, x.id]));
    const edited = festival(name)
      .replace('title: Opening concert', 'title: Grand opening')
      .replace(/ {2}- key: closing[\s\S]*?people: \[the-tides\]\n/, '')
      .replace('  - key: the-tides\n    name: The Tides\n', '')
      .replace('people: [nina, the-tides]', 'people: [nina]');
    const result = await apply(edited);
    expect(result.summary).toMatchObject({
      sessions: { created: 0, updated: 1, removed: 1 },
      people: { created: 0, removed: 1 },
    });
    const list = await s.sessions.list(first.eventId);
    expect(list.map((x) => x.title)).toEqual(['Grand opening', 'Boats and the city', 'Late-night jam']);
    expect(list[0]!.id).toBe(ids.get('Opening concert'));
    expect((await s.people.list(first.eventId)).map((p) => p.name)).toEqual(['Nina Sommer', 'Ola Berg']);
  });

  it('moves the status along legal steps only', async () => {
    const name = slug();
    const { eventId } = await apply(festival(name).replace('status: published', 'status: live'));
    expect((await s.events.get(eventId)).status).toBe('live');
    // Back to draft is not a legal step: rejected, and nothing else in the file is written either.
    const audit = await auditCount();
    const back = festival(name, { extraTag: 'Brand-new' })
      .replace('status: published', 'status: draft')
      .replace('title: Late-night jam', 'title: Renamed jam');
    await expect(apply(back)).rejects.toMatchObject({
      code: 'INVALID_EVENT_FILE',
      errors: [expect.objectContaining({ path: 'event.status', line: lineOf(back, 'status: draft') })],
    });
    expect((await s.events.get(eventId)).status).toBe('live');
    expect(await auditCount()).toBe(audit);
    expect((await s.tags.list(orgId)).map((tag) => tag.name)).not.toContain('Brand-new');
    expect((await s.sessions.list(eventId)).map((x) => x.title)).toContain('Late-night jam');
  });

  it('export → destroy → apply gives back an equal event', async () => {
    const { eventId } = await apply(festival(slug()));
    // A session made in the console (no key): the export gives it one, and apply keeps it;
    // its attendance flag travels with it.
    await s.sessions.create(eventId, { title: 'Sound check', kind: 'other', mandatory: true }, system);
    const exported = await s.eventFiles.export(eventId);
    expect(exported.yaml).toContain('key: sound-check');
    expect(exported.yaml.match(/^ {4}mandatory: true$/gm)).toHaveLength(1);
    expect(exported.yaml).toContain('startsAt: 2027-07-01T18:00:00+02:00');
    const again = await apply(exported.yaml);
    expect(again).toMatchObject({ eventId, changed: true, summary: { sessions: { created: 0, updated: 1 } } });
    expect((await apply(exported.yaml)).changed).toBe(false);

    const destroyed = await s.eventFiles.destroy(eventId, system);
    expect(destroyed.removedLocations).toHaveLength(2);
    expect(await s.eventFiles.resolveEvent(eventId)).toBeNull();
    const restored = await apply(exported.yaml);
    expect(restored.created).toBe(true);
    expect(restored.eventId).not.toBe(eventId);
    expect((await s.eventFiles.export(restored.eventId)).yaml).toBe(exported.yaml);
  });

  it.skipIf(!onRealPostgres)(
    'of one new file applied five times at once, one creates, none fails with a 500',
    async () => {
      const text = festival(slug());
      const outcomes = await Promise.allSettled(Array.from({ length: 5 }, () => apply(text)));
      const created = outcomes.filter((o) => o.status === 'fulfilled' && o.value.created);
      expect(created).toHaveLength(1);
      for (const o of outcomes) {
        if (o.status === 'rejected') expect(o.reason).toMatchObject({ code: 'CONFLICT', status: 409 });
      }
    },
  );

  it('destroy keeps the locations and tags another event uses', async () => {
    const shared = `Shared Stage ${randomUUID().slice(0, 6)}`;
    const own = `Own-${randomUUID().slice(0, 6)}`;
    const a = await apply(festival(slug(), { stage: shared, extraTag: own }));
    const b = await apply(festival(slug(), { stage: shared }));
    const { db } = t.app.platform.database;
    const result = await s.eventFiles.destroy(a.eventId, system);
    expect(result.removedLocations).toEqual([expect.stringMatching(/^Tent /)]);
    expect(result.removedTags).toEqual([own]);
    expect(await db.select().from(locations).where(eq(locations.name, shared))).toHaveLength(1);
    const outdoor = await db.select().from(tags).where(eq(tags.nameKey, 'outdoor'));
    expect(outdoor).toHaveLength(1);
    expect(await db.select().from(events).where(eq(events.id, a.eventId))).toEqual([]);
    expect(await db.select().from(sessions).where(eq(sessions.eventId, a.eventId))).toEqual([]);
    expect(await db.select().from(people).where(eq(people.eventId, a.eventId))).toEqual([]);
    const bSessions = await s.sessions.list(b.eventId);
    expect(bSessions.filter((x) => x.locationId !== null)).toHaveLength(3);
  });
});
