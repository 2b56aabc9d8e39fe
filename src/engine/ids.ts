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

/**
 * `length` characters of `alphabet`. Each 32-bit draw gives several characters (five of base62:
 * 62^5 < 2^32), with rejection above the largest multiple so every character stays uniform.
 */
function randomChars(random: Random, alphabet: string, length: number): string {
  const base = alphabet.length;
  let p = PACKINGS.get(base);
  if (!p) PACKINGS.set(base, (p = packing(base)));
  let out = '';
  while (out.length < length) {
    let v = random.nextUint32();
    if (v >= p.limit) continue;
    for (let i = 0; i < p.perDraw && out.length < length; i++) {
      const next = (v / base) >>> 0;
      out += alphabet[v - next * base];
      v = next;
    }
  }
  return out;
}

/**
 * Issues ids from a seeded stream. Object ids and request ids come from separate streams, so a
 * rejected request (which still gets a Request-Id) never shifts the ids of objects created later.
 */
export class IdGenerator {
  constructor(private readonly random: Random) {}

  /** `prefix_` followed by 24 base62 characters, e.g. `cus_…`. */
  next(prefix: string): string {
    return `${prefix}_${randomChars(this.random, BASE62, ID_RANDOM_LENGTH)}`;
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
  let out = '';
  let h = hash32(text);
  for (let i = 0; out.length < length; i++) {
    h = hash32(`${i}:${text}`, h);
    let v = h;
    for (let j = 0; j < 5 && out.length < length; j++) {
      out += BASE62[v % 62];
      v = Math.floor(v / 62);
    }
  }
  return out;
}
