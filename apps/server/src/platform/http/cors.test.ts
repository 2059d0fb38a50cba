import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { corsHeadersWithoutOrigin, registerCors } from './cors.ts';

const CORS_HEADER = /^(vary|access-control-.*)$/;

describe('CORS headers of answers to requests without Origin', () => {
  for (const origins of [[], '*', ['https://guide.example', 'https://app.example']] as const) {
    it(`are predicted exactly for CORS_ORIGINS=${JSON.stringify(origins)}`, async () => {
      const app = Fastify();
      await registerCors(app, origins === '*' ? '*' : [...origins]);
      app.get('/', async () => ({ ok: true }));
      const res = await app.inject({ method: 'GET', url: '/' });
      const given = Object.fromEntries(Object.entries(res.headers).filter(([name]) => CORS_HEADER.test(name)));
      expect(given).toEqual(corsHeadersWithoutOrigin(origins === '*' ? '*' : [...origins]));
      await app.close();
    });
  }
});
