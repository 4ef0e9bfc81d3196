import { defineConfig } from 'vitest/config';

export default defineConfig({ test: { name: 'sample-dms', include: ['src/**/*.spec.ts'] } });
