// Part of `npm run build`: the explorer's plain files and the OpenAPI description go to
// dist/explorer/, next to the server code that serves them (src/adapters/explorer-files.ts). The
// description ships without its indentation (a third of its size).
import { cpSync, readFileSync, writeFileSync } from 'node:fs';

const from = new URL('../src/adapters/explorer/', import.meta.url);
const to = new URL('../dist/explorer/', import.meta.url);
cpSync(from, to, { recursive: true });
writeFileSync(new URL('openapi.json', to), JSON.stringify(JSON.parse(readFileSync(new URL('openapi.json', from), 'utf8'))));
