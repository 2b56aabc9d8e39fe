import fc from 'fast-check';
import { expect, it } from 'vitest';
import { ApiError, missingParam, unknownParams } from '../../src/engine/errors.js';
import { boolean, enumOf, hash, integer, parseFields, required, string, type Fields } from '../../src/engine/params.js';

const FIELDS = {
  amount: required(integer()),
  currency: required(string()),
  capture_method: enumOf(['automatic', 'manual']),
  confirm: boolean(),
  description: string({ nullable: true }),
  shipping: hash({ name: required(string()), phone: string() }),
} as const satisfies Fields;

/** The obvious reading, walking the whole table in declared order: what parseFields must equal. */
function reference(fields: Fields, raw: Record<string, unknown>, prefix: string): Record<string, unknown> {
  const name = (key: string) => (prefix ? `${prefix}[${key}]` : key);
  const unknown = Object.keys(raw).filter((key) => !Object.hasOwn(fields, key));
  if (unknown.length > 0) throw unknownParams(unknown.map(name));
  const out: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(fields)) {
    if (raw[key] === undefined) {
      if (spec.required) throw missingParam(name(key));
      continue;
    }
    out[key] = spec.parse(raw[key], name(key));
  }
  return out;
}

function outcome(run: () => Record<string, unknown>): unknown {
  try {
    const out = run();
    return { ok: out, order: Object.keys(out) };
  } catch (e) {
    if (e instanceof ApiError) return { error: e.toBody() };
    throw e;
  }
}

const value = fc.oneof(fc.integer(), fc.string({ maxLength: 4 }), fc.boolean(), fc.constant(null), fc.constantFrom('automatic', 'manual', 'usd', '12'));
const names = fc.constantFrom('amount', 'currency', 'capture_method', 'confirm', 'description', 'shipping', 'bogus', 'other');
const raw = fc.dictionary(names, fc.oneof(value, fc.dictionary(fc.constantFrom('name', 'phone', 'x'), value)), { maxKeys: 8 });

it('reads fields, in declared order, with the same first error as walking the whole table', () => {
  fc.assert(
    fc.property(raw, fc.constantFrom('', 'payment_method_data'), (r, prefix) => {
      expect(outcome(() => parseFields(FIELDS, r, prefix))).toEqual(outcome(() => reference(FIELDS, r, prefix)));
    }),
    { numRuns: 2000 },
  );
});
