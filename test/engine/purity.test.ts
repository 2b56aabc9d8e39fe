/**
 * The engine never touches I/O or real time. tsconfig.engine.json already compiles it without DOM
 * and Node types; this catches what the ES library still allows (Date.now, Math.random, new Date).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const FORBIDDEN = [/\bDate\.now\(/, /\bnew Date\(/, /\bMath\.random\(/, /\bsetTimeout\(/, /\bsetInterval\(/, /\bperformance\./, /\bfetch\(/, /\bprocess\./, /from 'node:/];

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
}

it('src/engine uses no real time, randomness or I/O', () => {
  const offences: string[] = [];
  for (const file of files('src/engine')) {
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (line.trim().startsWith('*') || line.trim().startsWith('//')) return;
        for (const re of FORBIDDEN) if (re.test(line)) offences.push(`${file}:${i + 1}: ${line.trim()}`);
      });
  }
  expect(offences).toEqual([]);
});
