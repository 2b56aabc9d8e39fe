/**
 * `onerway-sim/vitest`: a payments coverage report for a whole vitest run (docs/coverage.md).
 * Every simulator created in any worker is collected; at the end of the run the report is printed
 * and written (`onerway-coverage.json`, `onerway-coverage.md`), and the run fails when a
 * situation the merchant requires was never met.
 *
 * @example
 * ```ts
 * // vitest.config.ts
 * import { defineConfig } from 'vitest/config';
 * import { onerwayCoverage } from 'onerway-sim/vitest';
 *
 * export default defineConfig({ test: { ...onerwayCoverage({ require: { declineCodes: ['insufficient_funds'] } }) } });
 * ```
 */
import { fileURLToPath } from 'node:url';
import type { Coverage } from '../coverage.js';
import { OPTIONS_ENV } from './env.js';

/** What to require of a run: per axis, the values that must have been met. */
export type CoverageRequirements = { readonly [A in Exclude<keyof Coverage, 'routes'>]?: readonly string[] } & { readonly routes?: readonly string[] };

export interface OnerwayCoverageOptions {
  /** Situations that must have been met; the run fails naming those that were not. */
  require?: CoverageRequirements;
  /** Where the report files go. Default: the working directory. */
  outputDir?: string;
}


function file(name: 'setup' | 'global-setup'): string {
  // In this repository the sources run; in the package, the built files beside this one.
  const source = import.meta.url.endsWith('.ts');
  return fileURLToPath(new URL(source ? `./${name}.ts` : `./vitest-${name}.js`, import.meta.url));
}

/** The `test` settings that collect the coverage of every simulator in the run. */
export function onerwayCoverage(options: OnerwayCoverageOptions = {}): { setupFiles: string[]; globalSetup: string[] } {
  process.env[OPTIONS_ENV] = JSON.stringify(options);
  return { setupFiles: [file('setup')], globalSetup: [file('global-setup')] };
}
