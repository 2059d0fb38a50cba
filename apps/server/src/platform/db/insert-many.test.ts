import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { bigserial, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app.ts';
import { insertMany } from './insert-many.ts';

// A table of the test's own, shaped like the ones insertMany serves (nullable text, JSON, defaults).
const probe = pgTable('insert_many_probe', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  actorType: text('actor_type').notNull(),
  actorId: text('actor_id'),
  action: text('action').notNull(),
  targetType: text('target_type'),
  targetId: text('target_id'),
  ip: text('ip'),
  metadata: jsonb('metadata').notNull().default({}),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await t.app.platform.database.db.execute(sql`
    create table insert_many_probe (
      id bigserial primary key, actor_type text not null, actor_id text, action text not null,
      target_type text, target_id text, ip text, metadata jsonb not null default '{}',
      created_at timestamptz not null default now())`);
});
afterAll(async () => t?.close());

const TRICKY = ['plain', 'quote " and \' apostrophe', 'back\\slash', 'comma, {brace}', 'NULL', 'ünïcødé ✓', ''];

describe('insertMany', () => {
  it('writes every row with the values Drizzle would write, text and JSON intact, defaults filled', async () => {
    const action = `test.${randomUUID()}`;
    const rows = TRICKY.map((text, i) => ({
      actorType: 'system' as const,
      actorId: i % 2 === 0 ? null : text,
      action,
      targetType: text,
      targetId: String(i),
      ip: null,
      metadata: { text, n: i, nested: { list: [text, null, true] } },
    }));
    const returned = await insertMany(t.app.platform.database.db, probe, rows, { returning: true });
    expect(returned).toHaveLength(rows.length);
    const stored = await t.app.platform.database.db
      .select()
      .from(probe)
      .where(eq(probe.action, action))
      .orderBy(probe.id);
    expect(stored.map((r) => [r.actorId, r.targetType, r.metadata])).toEqual(
      rows.map((r) => [r.actorId, r.targetType, r.metadata]),
    );
    // Returned as select() answers them: the database's defaults, dates as Date.
    expect(returned).toEqual(stored);
    expect(stored[0]!.createdAt).toBeInstanceOf(Date);
  });

  it('refuses rows that set different columns', async () => {
    await expect(
      insertMany(t.app.platform.database.db, probe, [
        { actorType: 'system', action: 'a', metadata: {} },
        { actorType: 'system', action: 'b', metadata: {}, ip: '127.0.0.1' },
      ]),
    ).rejects.toThrow(/same columns/);
  });
});
