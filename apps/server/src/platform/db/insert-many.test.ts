import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../modules/audit/schema.ts';
import { createTestApp, type TestApp } from '../testing/test-app.ts';
import { insertMany } from './insert-many.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const TRICKY = ['plain', 'quote " and \' apostrophe', 'back\\slash', 'comma, {brace}', 'NULL', 'ünïcødé ✓', ''];

describe('insertMany', () => {
  it('writes every row with the values Drizzle would write, text and JSON intact, defaults filled', async () => {
    const action = `test.${randomUUID()}`;
    const rows = TRICKY.map((text, i) => ({
      organizationId: null,
      actorType: 'system' as const,
      actorId: i % 2 === 0 ? null : text,
      action,
      targetType: text,
      targetId: String(i),
      ip: null,
      userAgent: null,
      metadata: { text, n: i, nested: { list: [text, null, true] } },
    }));
    const returned = await insertMany(t.app.platform.database.db, auditLog, rows, { returning: true });
    expect(returned).toHaveLength(rows.length);
    const stored = await t.app.platform.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, action))
      .orderBy(auditLog.id);
    expect(stored.map((r) => [r.actorId, r.targetType, r.metadata])).toEqual(
      rows.map((r) => [r.actorId, r.targetType, r.metadata]),
    );
    // Returned as select() answers them: the database's defaults, dates as Date.
    expect(returned).toEqual(stored);
    expect(stored[0]!.createdAt).toBeInstanceOf(Date);
  });

  it('refuses rows that set different columns', async () => {
    await expect(
      insertMany(t.app.platform.database.db, auditLog, [
        { actorType: 'system', action: 'a', metadata: {} },
        { actorType: 'system', action: 'b', metadata: {}, ip: '127.0.0.1' },
      ]),
    ).rejects.toThrow(/same columns/);
  });
});
