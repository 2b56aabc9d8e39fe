import fc from 'fast-check';
import { expect, it } from 'vitest';
import { Collection, DataSet, deepFreeze, collectionKey } from '../../src/engine/store.js';

interface TestRow {
  readonly id: string;
  readonly created: number;
  readonly seq: number;
  readonly version: number;
}

/** add: a new row; put: a new version of a known row; get: any id, known or not; clone: continue on a copy. */
const step = fc.oneof(
  fc.record({ op: fc.constant('add' as const), created: fc.integer({ min: 0, max: 5 }) }),
  fc.record({ op: fc.constant('put' as const), pick: fc.nat() }),
  fc.record({ op: fc.constant('get' as const), pick: fc.nat(), missing: fc.boolean() }),
  fc.record({ op: fc.constant('clone' as const) }),
);

it('rows indexed lazily read back exactly as a plain map of current versions would', () => {
  fc.assert(
    fc.property(fc.array(step, { maxLength: 200 }), (steps) => {
      let collection = new Collection<TestRow>();
      const model = new Map<string, TestRow>();
      let seq = 0;
      for (const s of steps) {
        const ids = [...model.keys()];
        if (s.op === 'add') {
          const row = { id: `row_${seq}`, created: s.created, seq: seq++, version: 0 };
          collection.add(row);
          model.set(row.id, row);
        } else if (s.op === 'put' && ids.length > 0) {
          const current = model.get(ids[s.pick % ids.length]!)!;
          const next = { ...current, version: current.version + 1 };
          collection.put(next);
          model.set(next.id, next);
        } else if (s.op === 'get') {
          const id = s.missing || ids.length === 0 ? `missing_${s.pick}` : ids[s.pick % ids.length]!;
          expect(collection.get(id)).toBe(model.get(id));
        } else if (s.op === 'clone') {
          collection = collection.clone();
        }
        expect(collection.size).toBe(model.size);
      }
      for (const [id, row] of model) expect(collection.get(id)).toBe(row);
      // Creation order holds the first version of each row, oldest (created, seq) first.
      const order = collection.order.values().map((r) => r.id);
      const expected = [...model.values()].sort((a, b) => a.created - b.created || a.seq - b.seq).map((r) => r.id);
      expect(order).toEqual(expected);
    }),
    { numRuns: 300 },
  );
});

it('a snapshot copy is independent of later writes to the original, indexed or not', () => {
  const data = new DataSet('test');
  const key = collectionKey<TestRow>('rows');
  const rows = data.collection(key);
  for (let i = 0; i < 20; i++) rows.add({ id: `r${i}`, created: i, seq: i, version: 0 });
  rows.get('r0'); // indexes r0..r19
  rows.add({ id: 'r20', created: 20, seq: 20, version: 0 }); // not yet indexed
  const copy = data.clone();
  rows.put({ id: 'r20', created: 20, seq: 20, version: 1 });
  rows.put({ id: 'r3', created: 3, seq: 3, version: 1 });
  expect(copy.collection(key).get('r20')?.version).toBe(0);
  expect(copy.collection(key).get('r3')?.version).toBe(0);
  expect(rows.get('r20')?.version).toBe(1);
  expect(copy.dump()['rows']).toHaveLength(21);
});

it('deepFreeze makes a shared hash and everything inside it immutable', () => {
  const shared = deepFreeze({ checks: { cvc_check: 'pass' }, networks: { available: ['visa'] } });
  expect(() => {
    (shared.checks as { cvc_check: string }).cvc_check = 'fail';
  }).toThrow(TypeError);
  expect(() => (shared.networks.available as string[]).push('mastercard')).toThrow(TypeError);
});
