import { defineConfig } from 'vitest/config';

// The isolation suite once more, against the embedded PostgreSQL (PGlite over
// its socket, as `pnpm start` runs it when no server answers), so row-level
// security is proven on both paths.
export default defineConfig({
  test: {
    name: 'db-embedded',
    include: ['test/rls.int.spec.ts', 'test/documents-writer.int.spec.ts'],
    env: { TEST_DATABASE: 'embedded' },
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
