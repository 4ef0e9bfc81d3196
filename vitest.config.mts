import { defineConfig } from 'vitest/config';

// One run, one summary: every package's own vitest config is a project here.
// Tiers are told apart by file name: *.spec.ts (unit), *.int.spec.ts (real
// Postgres/Redis), e2e/tests/*.e2e.spec.ts (Chromium against a started portal).
// vitest.embedded.config.mts projects run chosen suites again on PGlite.
export default defineConfig({
  test: {
    projects: ['apps/*/vitest.config.mts', 'packages/*/vitest.config.mts', '{apps,packages}/*/vitest.embedded.config.mts', 'e2e/vitest.config.mts'],
  },
});
