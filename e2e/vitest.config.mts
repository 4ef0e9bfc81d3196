import { defineConfig } from 'vitest/config';

// Browser tests: Debian's Chromium against a whole portal started once for the
// run (global setup), on its own ports, database and Redis index.
export default defineConfig({
  test: {
    name: 'e2e',
    include: ['tests/**/*.e2e.spec.ts'],
    globalSetup: ['src/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 180_000,
  },
});
