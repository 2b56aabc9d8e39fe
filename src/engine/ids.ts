import { Random, hash32 } from './random.js';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const ALNUM_UPPER = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Length of the random part of every id, as SPEC §12 fixes it. */
export const ID_RANDOM_LENGTH = 24;

/** How many characters one 32-bit draw yields for an alphabet, and the largest usable draw. */
interface Packing {
  readonly perDraw: number;
  readonly limit: number;
}

function packing(base: number): Packing {
  let perDraw = 0;
  let span = 1;
  while (span * base <= 0x1_0000_0000) {
    span *= base;
    perDraw++;
  }
  return { perDraw, limit: Math.floor(0x1_0000_0000 / span) * span };
}

const PACKINGS = new Map<number, Packing>();

/** The packing of an alphabet of `base` characters, computed once. */
function packingOf(base: number): Packing {
  let p = PACKINGS.get(base);
  if (!p) PACKINGS.set(base, (p = packing(base)));
  return p;
}

/**
 * Reused buffers of character codes, one per length: an id is built as one flat string, not 24
 * concatenations, and a buffer of the exact length spares resizing one.
 */
const BUFFERS: number[][] = [];

function bufferOf(length: number): number[] {
  return (BUFFERS[length] ??= new Array<number>(length).fill(0));
}

/**
 * `prefix` followed by `length` characters of `alphabet`. Each 32-bit draw gives several
 * characters (five of base62: 62^5 < 2^32), with rejection above the largest multiple so every
 * character stays uniform. Built in one step: ids are hashed as map keys right away, and a
 * concatenated (rope) string would be flattened there, after costing an allocation per character.
 */
function randomChars(random: Random, alphabet: string, length: number, prefix = ''): string {
  const base = alphabet.length;
  const p = packingOf(base);
  const end = prefix.length + length;
  const codes = bufferOf(end);
  let n = 0;
  for (; n < prefix.length; n++) codes[n] = prefix.charCodeAt(n);
  while (n < end) {
    let v = random.nextUint32();
    if (v >= p.limit) continue;
    for (let i = 0; i < p.perDraw && n < end; i++) {
      const next = (v / base) >>> 0;
      codes[n++] = alphabet.charCodeAt(v - next * base);
      v = next;
    }
  }
  return String.fromCharCode.apply(null, codes);
}

/**
 * Issues ids from a seeded stream. Object ids and request ids come from separate streams, so a
 * rejected request (which still gets a Request-Id) never shifts the ids of objects created later.
 */
export class IdGenerator {
  constructor(private readonly random: Random) {}

  /** `prefix_` followed by 24 base62 characters, e.g. `cus_…`. */
  next(prefix: string): string {
    return randomChars(this.random, BASE62, ID_RANDOM_LENGTH, `${prefix}_`);
  }

  /**
   * The id `next(prefix)` would issue, as `ID_NUMBERS` small integers written at `into[at…]`
   * (see `idDigits`) instead of a string: the same draws from the same stream, so the ids that
   * follow do not change. For a store that keeps ids without a string per id.
   */
  nextPacked(into: number[], at: number): void {
    const limit = packingOf(BASE62.length).limit;
    for (let g = 0; g < ID_NUMBERS; g++) {
      let v = this.random.nextUint32();
      while (v >= limit) v = this.random.nextUint32();
      // The characters a draw gives are its lowest base62 digits, as many as the id still needs.
      into[at + g] = v % GROUP_SPANS[g]!;
    }
  }

  /**
   * An intent's client secret, `<id>_secret_` and 24 random base62 characters, built as one flat
   * string: a concatenation would be kept as a rope of three strings for the intent's lifetime.
   */
  clientSecret(id: string): string {
    return randomChars(this.random, BASE62, ID_RANDOM_LENGTH, `${id}_secret_`);
  }

  /** Random base62 text of any length (client secrets, webhook secrets). */
  token(length: number): string {
    return randomChars(this.random, BASE62, length);
  }

  /** Upper-case alphanumerics (invoice prefixes). */
  upper(length: number): string {
    return randomChars(this.random, ALNUM_UPPER, length);
  }

  get generator(): Random {
    return this.random;
  }

  clone(): IdGenerator {
    const random = new Random(0);
    random.restore(this.random.state());
    return new IdGenerator(random);
  }
}

/** A deterministic base62 string derived from text (card fingerprints): consumes no randomness. */
export function digest62(text: string, length: number): string {
  const codes = bufferOf(length);
  let n = 0;
  let h = hash32(text);
  for (let i = 0; n < length; i++) {
    h = hash32(`${i}:${text}`, h);
    let v = h;
    for (let j = 0; j < 5 && n < length; j++) {
      codes[n++] = BASE62.charCodeAt(v % 62);
      v = Math.floor(v / 62);
    }
  }
  return String.fromCharCode.apply(null, codes);
}

/** Characters of an id's random part packed into one number of `idDigits` (five base62: 62^5 < 2^30). */
const PER_NUMBER = 5;
/** How many numbers `idDigits` writes for an id. */
export const ID_NUMBERS = Math.ceil(ID_RANDOM_LENGTH / PER_NUMBER);
/** 62 to the power of each group's length: five characters, the last four. */
const GROUP_SPANS = Array.from({ length: ID_NUMBERS }, (_, g) => 62 ** Math.min(PER_NUMBER, ID_RANDOM_LENGTH - g * PER_NUMBER));
const DIGIT_OF = new Int8Array(128).fill(-1);
for (let i = 0; i < BASE62.length; i++) DIGIT_OF[BASE62.charCodeAt(i)] = i;

/**
 * Writes the random part of `id` (`prefix` and 24 base62 characters, as `next` issues them) as
 * `ID_NUMBERS` small integers at `into[at…]`, for a store that keeps ids without a string per id.
 * False, with nothing written, when `id` is not of that form.
 */
export function idDigits(id: string, prefix: string, into: number[], at: number): boolean {
  if (id.length !== prefix.length + ID_RANDOM_LENGTH || !id.startsWith(prefix)) return false;
  for (let g = 0; g < ID_NUMBERS; g++) {
    const start = prefix.length + g * PER_NUMBER;
    let value = 0;
    // The first character of a group is its lowest digit, as `randomChars` writes them.
    for (let i = Math.min(start + PER_NUMBER, id.length) - 1; i >= start; i--) {
      const code = id.charCodeAt(i);
      const digit = code < 128 ? DIGIT_OF[code]! : -1;
      if (digit < 0) return false;
      value = value * 62 + digit;
    }
    SCRATCH[g] = value;
  }
  for (let g = 0; g < ID_NUMBERS; g++) into[at + g] = SCRATCH[g]!;
  return true;
}
const SCRATCH: number[] = new Array<number>(ID_NUMBERS).fill(0);

/** The id `idDigits` wrote at `from[at…]`, spelled out again. */
export function idFromDigits(prefix: string, from: readonly number[], at: number): string {
  const codes = bufferOf(prefix.length + ID_RANDOM_LENGTH);
  let n = 0;
  for (; n < prefix.length; n++) codes[n] = prefix.charCodeAt(n);
  for (let g = 0; g < ID_NUMBERS; g++) {
    let value = from[at + g]!;
    for (let i = 0; i < PER_NUMBER && n < codes.length; i++) {
      const next = Math.floor(value / 62);
      codes[n++] = BASE62.charCodeAt(value - next * 62);
      value = next;
    }
  }
  return String.fromCharCode.apply(null, codes);
}
