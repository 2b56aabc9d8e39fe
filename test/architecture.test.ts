/**
 * The floors of `src/` (docs/architecture.md): a module imports only from its own floor or the
 * floors below it, no import circle exists (type-only imports count: a circle of types still
 * ties two modules together), the engine imports no package and no Node module, and every file
 * stays under 300 lines.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Lowest first. A file belongs to the first floor whose pattern matches it. */
const FLOORS: ReadonlyArray<{ readonly name: string; readonly files: RegExp }> = [
  { name: 'engine core', files: /^src\/engine\/[^/]+\.ts$/ },
  { name: 'resources', files: /^src\/engine\/resources\// },
  { name: 'wire', files: /^src\/(wire|webhooks)\// },
  { name: 'fake fetch', files: /^src\/adapters\/(fetch|text-response)\.ts$/ },
  { name: 'doors and entry points', files: /^src\/(adapters\/|arbitraries\/|vitest\/|index\.ts$|cli\.ts$|bin\.ts$|cli-client\.ts$)/ },
  { name: 'simulator façade', files: /^src\/([^/]+\.ts|request-params\/.+)$/ },
];
/** The façade sits below the doors that take a simulator (nock, server, CLI, the root entry). */
const ORDER = ['engine core', 'resources', 'wire', 'fake fetch', 'simulator façade', 'doors and entry points'];

export type Graph = ReadonlyMap<string, readonly string[]>;

function floorOf(file: string): string {
  const floor = FLOORS.find((f) => f.files.test(file));
  if (!floor) throw new Error(`${file} is on no floor: add it to docs/architecture.md and to FLOORS`);
  return floor.name;
}

/** Relative imports of every file under `root`: static, re-exports, type-only and dynamic. */
function importGraph(root: string): { graph: Graph; packages: Map<string, string[]>; lines: Map<string, number> } {
  const graph = new Map<string, string[]>();
  const packages = new Map<string, string[]>();
  const lines = new Map<string, number>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (path.endsWith('.ts')) {
        const text = readFileSync(path, 'utf8');
        lines.set(path, text.split('\n').length - (text.endsWith('\n') ? 1 : 0));
        const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
        const specifiers = [...code.matchAll(/(?:^|\n)\s*(?:import|export)\b[^;'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g)].map(
          (m) => m[1] ?? m[2] ?? m[3]!,
        );
        graph.set(path, specifiers.filter((s) => s.startsWith('.')).map((s) => normalize(join(dirname(path), s.replace(/\.js$/, '.ts')))));
        packages.set(path, specifiers.filter((s) => !s.startsWith('.')));
      }
    }
  };
  walk(root);
  return { graph, packages, lines };
}

/** Imports that go up a floor, as `from -> to (floor -> floor)`. */
export function floorViolations(graph: Graph, floor: (file: string) => string = floorOf): string[] {
  const out: string[] = [];
  for (const [from, targets] of graph) {
    for (const to of targets) {
      if (ORDER.indexOf(floor(to)) > ORDER.indexOf(floor(from))) out.push(`${from} -> ${to} (${floor(from)} -> ${floor(to)})`);
    }
  }
  return out;
}

/** The import circles (strongly connected components of more than one module, or a self-import). */
export function circles(graph: Graph): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

const { graph, packages, lines } = importGraph('src');

describe('the floors of src/', () => {
  it('every import points to the same floor or one below', () => {
    expect(floorViolations(graph)).toEqual([]);
  });

  it('no import circle remains', () => {
    expect(circles(graph)).toEqual([]);
  });

  it('the engine (core and resources) imports no package and no Node module', () => {
    const engine = [...packages].filter(([file, names]) => file.startsWith('src/engine/') && names.length > 0);
    expect(engine).toEqual([]);
  });

  it('the engine core imports no resource', () => {
    const up = [...graph].flatMap(([from, to]) => (floorOf(from) === 'engine core' ? to.filter((t) => t.startsWith('src/engine/resources/')) : []));
    expect(up).toEqual([]);
  });

  it('every file is under 300 lines', () => {
    expect([...lines].filter(([, n]) => n >= 300).map(([file, n]) => `${file}: ${n} lines`)).toEqual([]);
  });
});

describe('the rule checker itself', () => {
  const floors: Record<string, string> = { 'a.ts': 'engine core', 'b.ts': 'resources', 'c.ts': 'wire' };
  it('reports an import that goes up a floor', () => {
    const g: Graph = new Map([['a.ts', ['b.ts']], ['b.ts', []]]);
    expect(floorViolations(g, (f) => floors[f]!)).toEqual(['a.ts -> b.ts (engine core -> resources)']);
  });
  it('reports a circle, however long, and a module importing itself', () => {
    const g: Graph = new Map([['a.ts', ['b.ts']], ['b.ts', ['c.ts']], ['c.ts', ['a.ts']], ['d.ts', ['d.ts']]]);
    expect(circles(g)).toEqual([['a.ts', 'b.ts', 'c.ts'], ['d.ts']]);
  });
  it('reads type-only, re-export and dynamic imports', () => {
    const { graph: real } = importGraph('src/engine');
    expect(real.get('src/engine/versions.ts')).toContain('src/engine/api-version.ts'); // `export … from`
    expect(real.get('src/engine/context.ts')).toContain('src/engine/event.ts'); // `import type`
  });
});
