// `npm run docs:generate`: rewrites the documentation pages generated from the simulator's tables.
import { writeFileSync } from 'node:fs';
import { GENERATED_PAGES } from './doc-tables.js';

for (const [path, page] of Object.entries(GENERATED_PAGES)) {
  writeFileSync(path, page());
  console.log(`wrote ${path}`);
}
