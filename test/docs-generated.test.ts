import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { GENERATED_PAGES } from '../scripts/doc-tables.js';

it.each(Object.keys(GENERATED_PAGES))('%s is up to date with its table (run `npm run docs:generate`)', (path) => {
  expect(readFileSync(path, 'utf8')).toBe(GENERATED_PAGES[path]!());
});
