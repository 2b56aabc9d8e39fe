/**
 * Runs once per vitest run (a global setup): makes the folder the test files write their
 * coverage to, and at the end merges it into the report, prints it, writes it, and fails the run
 * when a required situation was never met.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { coverageOf, mergeCoverage, type Coverage, type CoverageAxis, type CoverageData } from '../coverage.js';
import { CoverageRecorder } from '../engine/coverage.js';
import { DIR_ENV, OPTIONS_ENV } from './env.js';
import type { OnerwayCoverageOptions } from './index.js';


function markdown(report: Coverage): string {
  const rows = Object.entries(report).map(([axis, a]: [string, CoverageAxis]) => `| ${axis} | ${a.met.length}/${a.met.length + a.missed.length} | ${a.met.join(', ') || '—'} | ${a.missed.join(', ') || '—'} |`);
  return ['# Payments coverage (onerway-sim)', '', '| axis | met | situations met | not met |', '|---|---|---|---|', ...rows, ''].join('\n');
}

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'onerway-sim-coverage-'));
  process.env[DIR_ENV] = dir;
  return () => {
    const options = JSON.parse(process.env[OPTIONS_ENV] ?? '{}') as OnerwayCoverageOptions;
    const merged = new CoverageRecorder();
    const unmatched = new Set<string>();
    for (const name of readdirSync(dir)) {
      const part = JSON.parse(readFileSync(join(dir, name), 'utf8')) as { coverage: CoverageData; unmatched: string[] };
      mergeCoverage(merged, part.coverage);
      for (const u of part.unmatched) unmatched.add(u);
    }
    rmSync(dir, { recursive: true, force: true });
    const report = coverageOf(merged);
    const out = options.outputDir ?? process.cwd();
    writeFileSync(join(out, 'onerway-coverage.json'), `${JSON.stringify({ ...report, unmatchedFaults: [...unmatched].sort() }, null, 2)}\n`);
    writeFileSync(join(out, 'onerway-coverage.md'), markdown(report));
    const line = (axis: string, a: CoverageAxis) => `  ${axis.padEnd(26)} ${String(a.met.length).padStart(3)} met, ${String(a.missed.length).padStart(3)} not met`;
    console.log(['', 'onerway-sim payments coverage (onerway-coverage.md):', ...Object.entries(report).map(([k, v]) => line(k, v))].join('\n'));
    if (unmatched.size > 0) console.warn(`onerway-sim: fault rules that never matched a request: ${[...unmatched].sort().join('; ')}`);
    const missing: string[] = [];
    for (const [axis, required] of Object.entries(options.require ?? {}) as Array<[keyof Coverage, readonly string[]]>) {
      const met = new Set(report[axis].met);
      for (const value of required) if (!met.has(value)) missing.push(`${axis}: ${value}`);
    }
    if (missing.length > 0) {
      // vitest reports an error thrown here but still exits 0: the exit code is set instead.
      console.error(`onerway-sim: the suite never met these required payment situations: ${missing.join('; ')}`);
      process.exitCode = 1;
    }
  };
}
