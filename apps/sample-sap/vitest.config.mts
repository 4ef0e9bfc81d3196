import { defineConfig } from 'vitest/config';

export default defineConfig({ test: { name: 'sample-sap', include: ['src/**/*.spec.ts'] } });
