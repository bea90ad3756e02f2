import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Each test file that needs Postgres creates its own database, so files can run in parallel.
    pool: 'forks',
  },
});
