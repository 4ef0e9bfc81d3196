import { defineConfig } from 'vitest/config';

export default defineConfig({ test: { name: 'seeded', include: ['src/**/*.spec.ts'] } });
