import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { name: 'worker', include: ['src/**/*.spec.ts', 'test/**/*.spec.ts'], testTimeout: 60_000, hookTimeout: 60_000 },
});
