import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditModule } from '../modules/audit/index.ts';
import { catalogModule } from '../modules/catalog/index.ts';
import { servicesOf } from '../platform/module.ts';
import { createTestApp, type TestApp } from '../platform/testing/test-app.ts';
import { DEMO_ORG_SLUG, demoEventFiles, demoSeeders } from './demo-seeders.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

describe('the demo data set', () => {
  it('has event files that all parse', async () => {
    const files = await demoEventFiles();
    expect(files.map((f) => f.name)).toEqual([
      'open-web-conference.yaml',
      'riverside-sound-festival.yaml',
      'safeguarding-cpd-course.yaml',
      'weather-station-workshop.yaml',
    ]);
    const s = { ...servicesOf(t.app.platform, auditModule), ...servicesOf(t.app.platform, catalogModule) };
    for (const f of files) expect(() => s.eventFiles.parse(f.text), f.name).not.toThrow();
  });

  it('seeds published, public events: a festival, a conference, a workshop and a CPD course; seeding again changes nothing', async () => {
    for (const seeder of demoSeeders) await seeder.run(t.app.platform);
    const s = { ...servicesOf(t.app.platform, auditModule), ...servicesOf(t.app.platform, catalogModule) };
    const orgId = (await s.eventFiles.organizationIdBySlug(DEMO_ORG_SLUG))!;
    const { items } = await s.events.listForOrg(orgId, { limit: 50 });
    expect(items.map((e) => e.kind).sort()).toEqual(['conference', 'course', 'festival', 'workshop']);
    for (const e of items) expect([e.status, e.visibility]).toEqual(['published', 'public']);

    const festival = items.find((e) => e.kind === 'festival')!;
    const sessions = await s.sessions.list(festival.id);
    expect(sessions.length).toBeGreaterThanOrEqual(30);
    expect((await s.people.list(festival.id)).length).toBeGreaterThanOrEqual(20);
    const stages = new Set(sessions.map((x) => x.locationId));
    expect(stages.size).toBeGreaterThanOrEqual(4);
    const locations = await s.locations.list(orgId);
    const used = locations.filter((l) => stages.has(l.id));
    for (const l of used) expect([l.place.street, l.place.lat, l.place.lon]).not.toContain(null);
    expect((await s.events.detail(festival.id)).links.length).toBeGreaterThan(0);

    const course = items.find((e) => e.kind === 'course')!;
    expect(course.cpd).toMatchObject({ creditValue: 8, certificatesEnabled: true });
    const workshop = items.find((e) => e.kind === 'workshop')!;
    expect(workshop.description).toContain('Requirements');
    // The conference and the workshop share a room: one location of the organization.
    expect(locations.filter((l) => l.name === 'Kulturhaus Mitte — Studio 2')).toHaveLength(1);

    const before = await s.audit.list({ organizationId: orgId, limit: 200 });
    const again = await demoSeeders[1]!.run(t.app.platform);
    expect(again.match(/Unchanged/g)).toHaveLength(4);
    expect(await s.audit.list({ organizationId: orgId, limit: 200 })).toEqual(before);
  });
});
