import { defineConfig } from 'vitest/config';

// The consolidation suite once more, against the embedded PostgreSQL (PGlite
// over its socket, as `pnpm start` runs it when no server answers).
export default defineConfig({
  test: {
    name: 'worker-embedded',
    include: ['test/sync.int.spec.ts'],
    env: { TEST_DATABASE: 'embedded' },
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
