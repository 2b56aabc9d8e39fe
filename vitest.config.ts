import { availableParallelism } from 'node:os';
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
    // One worker per core (vitest's default leaves one core idle, which on the 2-core CI machine
    // halves the suite's speed), and the modules shared across the files a worker runs: each file
    // still makes its own simulators, so nothing a test checks is shared (docs/decisions.md).
    maxWorkers: Math.max(2, availableParallelism()),
    isolate: false,
    testTimeout: 30_000,
  },
});
