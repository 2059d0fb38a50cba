import { Parser } from '@asyncapi/parser';
import { ASYNCAPI_PATH, asyncApiMessageName, REALTIME_MESSAGE_TYPES } from '@foyer/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app.ts';

describe('AsyncAPI document of the realtime protocol', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t?.close());

  it('is served, validates as AsyncAPI 3.0 and names every message type of the contracts', async () => {
    const res = await t.app.inject({ method: 'GET', url: ASYNCAPI_PATH });
    expect(res.statusCode).toBe(200);
    const document = res.json();
    expect(document.asyncapi).toBe('3.0.0');
    const parser = new Parser();
    const { document: parsed, diagnostics } = await parser.parse(JSON.stringify(document));
    const errors = diagnostics.filter((d) => d.severity === 0);
    expect(errors, JSON.stringify(errors, null, 2)).toEqual([]);
    expect(parsed).toBeDefined();
    const names = new Set(
      parsed!
        .allMessages()
        .all()
        .map((m) => m.id()),
    );
    for (const side of ['client', 'server'] as const) {
      for (const type of REALTIME_MESSAGE_TYPES[side]) {
        expect(names, `${side} ${type}`).toContain(asyncApiMessageName(side, type));
        const payload = document.components.messages[asyncApiMessageName(side, type)].payload;
        // The discriminator is in the schema, so a reader can tell the messages apart.
        expect(payload.properties.type.const ?? payload.properties.type.enum?.[0]).toBe(type);
      }
    }
    expect(names.size).toBe(REALTIME_MESSAGE_TYPES.client.length + REALTIME_MESSAGE_TYPES.server.length);
  });
});
