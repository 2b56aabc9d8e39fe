import { defineConfig } from 'tsup';

export default defineConfig([
  {
    // The library: the root and its subpaths, for ESM and CommonJS consumers. No source maps: the
    // output is unminified, named and readable, and maps of it were two thirds of the package
    // (docs/decisions.md).
    entry: {
      index: 'src/index.ts',
      nock: 'src/adapters/nock.ts',
      server: 'src/adapters/server.ts',
      arbitraries: 'src/arbitraries/index.ts',
      vitest: 'src/vitest/index.ts',
      'vitest-setup': 'src/vitest/setup.ts',
      'vitest-global-setup': 'src/vitest/global-setup.ts',
    },
    format: ['esm', 'cjs'],
    dts: true,
    shims: true,
    target: 'node20',
    platform: 'node',
    splitting: true,
    treeshake: true,
    external: ['nock', 'fast-check', 'vitest'],
  },
  {
    // The `onerway-sim` executable.
    entry: { bin: 'src/bin.ts' },
    format: ['esm'],
    target: 'node20',
    platform: 'node',
    banner: { js: '#!/usr/bin/env node' },
  },
]);
