// The shop's suite with the payments coverage report: `npx vitest run --config examples/shop/vitest.config.ts`.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { onerwayCoverage } from '../../src/vitest/index.js';

const src = (path: string) => fileURLToPath(new URL(`../../src/${path}`, import.meta.url));

export default defineConfig({
  // The shop imports the package by its name; here it runs against this repository's sources.
  resolve: { alias: [{ find: /^onerway-sim$/, replacement: src('index.ts') }] },
  test: {
    include: ['examples/shop/**/*.test.ts'],
    ...onerwayCoverage({
      outputDir: process.env['SHOP_COVERAGE_DIR'] ?? '.tmp/shop-coverage',
      require: process.env['SHOP_REQUIRE'] ? JSON.parse(process.env['SHOP_REQUIRE']) : { declineCodes: ['insufficient_funds'] },
    }),
  },
});
