import { defineConfig } from 'vitest/config';

export default defineConfig({ test: { name: 'consolidation', include: ['src/**/*.spec.ts'] } });
