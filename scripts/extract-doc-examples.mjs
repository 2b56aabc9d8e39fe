// Turns every ```ts block of README.md and docs/*.md into a vitest file under .tmp/doc-tests/,
// so `npm test` runs the documentation's examples and the docs cannot rot.
// A block that imports from 'vitest' is a test file as it stands; any other block is wrapped in
// one test. A block whose fence says `ts no-run` is shown, not run (say why next to it).
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const out = join(root, '.tmp/doc-tests');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const sources = ['README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
let count = 0;
for (const source of sources) {
  const text = readFileSync(join(root, source), 'utf8');
  const blocks = [...text.matchAll(/^```(ts|typescript)([^\n]*)\n([\s\S]*?)^```$/gm)];
  blocks.forEach((m, i) => {
    if (/no-run/.test(m[2])) return;
    const code = m[3];
    const lines = code.split('\n');
    const imports = lines.filter((l) => /^import\s/.test(l));
    const body = lines.filter((l) => !/^import\s/.test(l)).join('\n');
    const isTestFile = /from 'vitest'/.test(code);
    const line = text.slice(0, m.index).split('\n').length;
    const file = isTestFile
      ? code
      : [
          "import { it as __docIt } from 'vitest';",
          ...imports,
          `__docIt(${JSON.stringify(`${source}:${line} runs`)}, async () => {`,
          body,
          '});',
        ].join('\n');
    const name = `${basename(source, '.md')}-${String(i + 1).padStart(2, '0')}.test.ts`;
    writeFileSync(join(out, name), `// Extracted from ${source}:${line}; edit the document, not this file.\n${file}`);
    count++;
  });
}
console.log(`extracted ${count} documentation examples into .tmp/doc-tests`);
