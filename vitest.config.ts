import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Documentation examples import the package by its name; tests run them against the source.
    alias: { 'onerway-sim': fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
  },
  test: {
    include: ['test/**/*.test.ts', '.tmp/doc-tests/**/*.test.ts'],
    pool: 'threads',
    testTimeout: 30_000,
  },
});
