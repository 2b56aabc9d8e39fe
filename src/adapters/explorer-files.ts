/**
 * The explorer and the OpenAPI description, as the server door serves them: `/` (and `/explorer`)
 * is the explorer page, `/explorer/*` its plain modules and styles and the keys it uses,
 * `/openapi.json` the description. The files sit next to this module (src/adapters/explorer/, and
 * dist/explorer/ in the package): no build step a merchant runs.
 */
import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import type { Simulator } from '../simulator.js';

const FILES: Readonly<Record<string, readonly [file: string, type: string]>> = {
  '/': ['index.html', 'text/html; charset=utf-8'],
  '/explorer': ['index.html', 'text/html; charset=utf-8'],
  '/explorer/': ['index.html', 'text/html; charset=utf-8'],
  '/explorer/explorer.js': ['explorer.js', 'text/javascript; charset=utf-8'],
  '/explorer/explorer.css': ['explorer.css', 'text/css; charset=utf-8'],
  '/openapi.json': ['openapi.json', 'application/json'],
};

const cache = new Map<string, Buffer>();

function file(name: string): Buffer {
  let bytes = cache.get(name);
  if (!bytes) cache.set(name, (bytes = readFileSync(new URL(`./explorer/${name}`, import.meta.url))));
  return bytes;
}

/** Whether `path` is one of the explorer's (then it was answered). */
export function serveExplorer(sim: Simulator, method: string, path: string, res: ServerResponse): boolean {
  if (method !== 'GET' && method !== 'HEAD') return false;
  let body: Buffer;
  let type: string;
  if (path === '/explorer/config.json') {
    body = Buffer.from(JSON.stringify({ secretKey: sim.secretKey, publishableKey: sim.publishableKey, liveSecretKey: sim.liveSecretKey }));
    type = 'application/json';
  } else {
    const entry = FILES[path];
    if (!entry) return false;
    body = file(entry[0]);
    type = entry[1];
  }
  res.writeHead(200, { 'Content-Type': type, 'Content-Length': String(body.length), 'Cache-Control': 'no-store' });
  res.end(method === 'HEAD' ? undefined : body);
  return true;
}

/** The OpenAPI description the package carries (`onerway-sim openapi` prints it). */
export function openApiText(): string {
  return file('openapi.json').toString('utf8');
}
