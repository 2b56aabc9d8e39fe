/** The event log's columns: ids kept packed, rows built on read, order, lookups, copies. */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { EventLog } from '../../src/engine/event-log.js';
import { EVENT_ID_PREFIX } from '../../src/engine/event-row.js';
import type { EventRow } from '../../src/engine/event.js';
import { ID_NUMBERS, IdGenerator, idDigits, idFromDigits } from '../../src/engine/ids.js';
import { Random } from '../../src/engine/random.js';

it('an id drawn packed is the id next() draws, and the stream after it is the same', () => {
  const plain = new IdGenerator(new Random('packed'));
  const packed = new IdGenerator(new Random('packed'));
  const numbers = new Array<number>(ID_NUMBERS).fill(0);
  for (let i = 0; i < 2_000; i++) {
    packed.nextPacked(numbers, 0);
    expect(idFromDigits(EVENT_ID_PREFIX, numbers, 0)).toBe(plain.next('evt'));
  }
  expect(packed.next('cus')).toBe(plain.next('cus'));
});

it('packing reads back every id of the form and refuses every other', () => {
  const numbers: number[] = [];
  fc.assert(
    fc.property(fc.stringMatching(/^[0-9A-Za-z]{24}$/), (random) => {
      expect(idDigits(`evt_${random}`, 'evt_', numbers, 3)).toBe(true);
      expect(idFromDigits('evt_', numbers, 3)).toBe(`evt_${random}`);
    }),
  );
  for (const wrong of ['evt_short', `evx_${'a'.repeat(24)}`, `evt_${'a'.repeat(23)}-`, `evt_${'a'.repeat(23)}é`, `evt_${'a'.repeat(25)}`]) {
    expect(idDigits(wrong, 'evt_', numbers, 0)).toBe(false);
  }
});

/** A hand-made event row (what the generic `add` of a collection receives). */
function row(id: string, created: number, seq: number, type = 'customer.created'): EventRow {
  return {
    id,
    created,
    seq,
    object: {
      id,
      object: 'event',
      api_version: '2024-11-01',
      created,
      data: { object: { id: `cus_${seq}` } },
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type,
    },
  };
}

const ids = new IdGenerator(new Random('log'));
const eventId = () => ids.next('evt');

it('rows read back as added, in (created, seq) order, found by id, across chunks and copies', () => {
  fc.assert(
    fc.property(
      fc.array(fc.record({ created: fc.integer({ min: 0, max: 3 }), lookups: fc.nat({ max: 3 }), clone: fc.boolean() }), { minLength: 1, maxLength: 60 }),
      fc.integer({ min: 0, max: 1500 }),
      (steps, prefill) => {
        let log = new EventLog(false, null);
        const model: EventRow[] = [];
        let seq = 0;
        // Enough rows first to cross the first chunks (16, 64, 256, then 1,024 a chunk).
        for (let i = 0; i < prefill; i++) {
          const r = row(eventId(), 0, seq++);
          log.add(r);
          model.push(r);
        }
        for (const s of steps) {
          const r = row(eventId(), s.created, seq++);
          log.add(r);
          model.push(r);
          for (let k = 0; k < s.lookups; k++) {
            const known = model[(seq * 7 + k * 13) % model.length]!;
            expect(log.get(known.id)?.object).toEqual(known.object);
          }
          expect(log.get(eventId())).toBeUndefined();
          if (s.clone) log = log.clone();
        }
        const expected = [...model].sort((a, b) => a.created - b.created || a.seq - b.seq);
        expect(log.size).toBe(expected.length);
        expect(log.order.values().map((r) => r.id)).toEqual(expected.map((r) => r.id));
        expect(log.order.at(0)?.id).toBe(expected[0]!.id);
        expect(log.order.firstCreatedAtLeast(2)).toBe(expected.findIndex((r) => r.created >= 2) < 0 ? expected.length : expected.findIndex((r) => r.created >= 2));
        for (const r of model) expect(log.get(r.id)?.seq).toBe(r.seq);
      },
    ),
    { numRuns: 60 },
  );
});

it('ids that share their first packed number are told apart', () => {
  const log = new EventLog(false, null);
  const head = 'abcde';
  const a = row(`evt_${head}${'A'.repeat(19)}`, 1, 1);
  const b = row(`evt_${head}${'B'.repeat(19)}`, 1, 2);
  const c = row(`evt_${head}${'C'.repeat(19)}`, 1, 3);
  log.add(a);
  log.add(b);
  log.add(c);
  for (let i = 0; i < 20; i++) log.add(row(eventId(), 2, 4 + i));
  expect(log.get(a.id)?.seq).toBe(1);
  expect(log.get(b.id)?.seq).toBe(2);
  expect(log.get(c.id)?.seq).toBe(3);
  expect(log.get(`evt_${head}${'D'.repeat(19)}`)).toBeUndefined();
});

it('a copy is independent of later changes to the original, and the other way round', () => {
  const log = new EventLog(true, 'acct_1');
  const first = row(eventId(), 1, 1);
  log.add(first);
  const copy = log.clone();
  log.delivered(first.id);
  log.add(row(eventId(), 2, 2));
  expect(copy.get(first.id)?.object.pending_webhooks).toBe(1);
  expect(log.get(first.id)?.object.pending_webhooks).toBe(0);
  expect(copy.size).toBe(1);
  // A connected account's live event names its account after `object`.
  expect(Object.keys(copy.get(first.id)!.object).slice(0, 3)).toEqual(['id', 'object', 'account']);
  expect(copy.get(first.id)?.object.livemode).toBe(true);
});

it('a restated event says what it said, keeping the newer subject and what differed', () => {
  const log = new EventLog(false, null);
  const draft = { id: 'pi_1', status: 'requires_payment_method', amount: 100 };
  const confirmed = { id: 'pi_1', status: 'succeeded', amount: 100 };
  const created = row(eventId(), 1, 7, 'payment_intent.created');
  log.add({ ...created, object: { ...created.object, data: { object: draft } } });
  log.restate(7, confirmed);
  const read = log.get(created.id)!.object;
  expect(read.data.object).toEqual(draft);
  expect(Object.keys(read.data.object as object)).toEqual(['id', 'status', 'amount']);
  // A subject of another shape is left as it was.
  log.restate(7, { other: true });
  expect(log.get(created.id)!.object.data.object).toEqual(draft);
});
