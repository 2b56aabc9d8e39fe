/**
 * How the event log lays out its columns (event-log.ts): chunks allocated whole, so an append
 * never copies a column, the first ones small, so a simulator with a few events stays small.
 */
import { ID_NUMBERS } from './ids.js';

/** Chunk sizes: the first three grow (16, 64, 256), then every chunk holds 1,024 events. */
export const FIRST_SIZES = [16, 64, 256];
export const SIZE = 1024;
const FIRST_TOTAL = 336;

export function chunkOf(i: number): number {
  if (i >= FIRST_TOTAL) return FIRST_SIZES.length + ((i - FIRST_TOTAL) >> 10);
  return i < 16 ? 0 : i < 80 ? 1 : 2;
}

export function startOf(chunk: number): number {
  return chunk >= FIRST_SIZES.length ? FIRST_TOTAL + (chunk - FIRST_SIZES.length) * SIZE : [0, 16, 80][chunk]!;
}

/** Columns for `size` events, allocated whole, each filled with values of its final kind. */
export class Chunk {
  readonly digits: number[];
  readonly createds: number[];
  readonly seqs: number[];
  readonly types: string[];
  readonly subjects: unknown[];
  readonly previous: (Record<string, unknown> | undefined)[];
  readonly asWas: (Readonly<Record<string, unknown>> | undefined)[];
  readonly requestIds: (string | null)[];
  readonly keys: (string | null)[];
  readonly versions: string[];
  readonly pending: number[];

  constructor(size: number, from?: Chunk) {
    this.digits = from ? from.digits.slice() : new Array<number>(size * ID_NUMBERS).fill(0);
    this.createds = from ? from.createds.slice() : new Array<number>(size).fill(0);
    this.seqs = from ? from.seqs.slice() : new Array<number>(size).fill(0);
    this.types = from ? from.types.slice() : new Array<string>(size).fill('');
    this.subjects = from ? from.subjects.slice() : new Array<unknown>(size).fill(undefined);
    this.previous = from ? from.previous.slice() : new Array<undefined>(size).fill(undefined);
    this.asWas = from ? from.asWas.slice() : new Array<undefined>(size).fill(undefined);
    this.requestIds = from ? from.requestIds.slice() : new Array<null>(size).fill(null);
    this.keys = from ? from.keys.slice() : new Array<null>(size).fill(null);
    this.versions = from ? from.versions.slice() : new Array<string>(size).fill('');
    this.pending = from ? from.pending.slice() : new Array<number>(size).fill(0);
  }
}
