import { defineConfig } from 'vitest/config';

// Unit tests sit beside their source; server route tests run on SQLite and on a throwaway
// PostgreSQL cluster started by the global setup (tests/setup/postgres.ts).
export default defineConfig({
  test: {
    include: ['{shared,renderer,electron,server,tests}/**/*.test.{ts,tsx}'],
    exclude: ['**/node_modules/**', 'tests/e2e/**'],
    globalSetup: ['tests/setup/postgres.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
