/**
 * The built package, as merchants install it: the bench measures what ships. Running the
 * TypeScript sources through tsx instead costs about a third more in the engine (its transform
 * wraps every inner function with a naming helper), which no installed copy pays.
 * `npm run bench` builds first. Types come from the sources, which the build is made from.
 */
import { existsSync } from 'node:fs';
import type * as Root from '../src/index.js';
import type * as NockDoor from '../src/adapters/nock.js';
import type * as ServerDoor from '../src/adapters/server.js';

const dist = new URL('../dist/', import.meta.url);
if (!existsSync(new URL('index.js', dist))) {
  throw new Error('The benchmark measures the built package: run `npm run build` first (`npm run bench` does).');
}

async function load<T>(file: string): Promise<T> {
  return (await import(new URL(file, dist).href)) as T;
}

export const { createSimulator } = await load<typeof Root>('index.js');
export const { installNock } = await load<typeof NockDoor>('nock.js');
export const { startServer } = await load<typeof ServerDoor>('server.js');
