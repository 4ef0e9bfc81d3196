import { defineConfig } from 'vitest/config';

export default defineConfig({ test: { name: 'connectors', include: ['src/**/*.spec.ts'] } });
