import { defineConfig } from 'vitest/config';

// Three projects: `unit` holds unit and integration tests (PGlite by default,
// real PostgreSQL/Redis when DATABASE_URL/REDIS_URL are set); `e2e` drives the
// built web app in Debian's Chromium and needs `npm run build` first; `ops`
// checks deploy/ against real processes (.ci/dashboards.sh).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'apps/server/src/**/*.test.ts',
            'packages/*/src/**/*.test.ts',
            'apps/web/src/**/*.test.ts',
            'bench/lib/**/*.test.ts',
          ],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
          pool: 'forks',
        },
      },
      {
        // The operations kit's own tests (deploy/): they start Foyer and Prometheus, so they are not
        // in `npm test`; .ci/dashboards.sh runs them on PostgreSQL + Redis.
        test: {
          name: 'ops',
          include: ['deploy/**/*.test.ts'],
          environment: 'node',
          testTimeout: 180_000,
          hookTimeout: 120_000,
          pool: 'forks',
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['apps/web/e2e/**/*.e2e.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          pool: 'forks',
          fileParallelism: false,
        },
      },
    ],
  },
});
