import { defineConfig } from 'vitest/config';

export default defineConfig({ test: { name: 'dms-client', include: ['src/**/*.spec.ts'] } });
