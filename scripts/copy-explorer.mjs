// Part of `npm run build`: the explorer's plain files and the OpenAPI description go to
// dist/explorer/, next to the server code that serves them (src/adapters/explorer-files.ts).
import { cpSync } from 'node:fs';

cpSync(new URL('../src/adapters/explorer/', import.meta.url), new URL('../dist/explorer/', import.meta.url), { recursive: true });
