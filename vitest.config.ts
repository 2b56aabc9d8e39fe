import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Documentation examples import the package by its name; tests run them against the source.
    alias: [
      { find: /^onerway-sim\/vitest$/, replacement: fileURLToPath(new URL('./src/vitest/index.ts', import.meta.url)) },
      { find: /^onerway-sim\/nock$/, replacement: fileURLToPath(new URL('./src/adapters/nock.ts', import.meta.url)) },
      { find: /^onerway-sim\/arbitraries$/, replacement: fileURLToPath(new URL('./src/arbitraries/index.ts', import.meta.url)) },
      { find: /^onerway-sim\/server$/, replacement: fileURLToPath(new URL('./src/adapters/server.ts', import.meta.url)) },
      { find: /^onerway-sim$/, replacement: fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
    ],
  },
  test: {
    include: ['test/**/*.test.ts', '.tmp/doc-tests/**/*.test.ts'],
    pool: 'threads',
    testTimeout: 30_000,
  },
});
