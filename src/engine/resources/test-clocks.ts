/**
 * Test clocks over HTTP (reference §13), for SDK users in other languages. The simulator has one
 * clock; every test clock is a handle on it. Advancing answers at once with `status: advancing`,
 * as Onerway's does; the simulator then runs everything due on the way (deliveries included) and
 * marks the clock `ready`.
 */
import type { RequestContext, RequestedAdvance } from '../context.js';
import type { Engine } from '../engine.js';
import { invalidRequest, resourceMissing } from '../errors.js';
import { recordEvent } from '../events.js';
import { listFields, type ListObject } from '../list.js';
import { findOrThrow, listOf } from '../lookup.js';
import { integer, required, string, type Params } from '../params.js';
import { route } from '../routes.js';
import { collectionKey, type Row } from '../store.js';

/** A TestClock, as merchants receive it. */
export interface TestClock {
  id: string;
  object: 'test_helpers.test_clock';
  created: number;
  deletes_after: number;
  frozen_time: number;
  livemode: false;
  name: string | null;
  status: 'ready' | 'advancing' | 'internal_failure';
  status_details: { advancing?: { target_frozen_time: number } };
}

interface TestClockRow extends Row<TestClock> {
  readonly deleted: boolean;
}

const TEST_CLOCKS = collectionKey<TestClockRow>('test_clocks');
const TWO_YEARS_SECONDS = 2 * 366 * 86_400;

function testModeOnly(ctx: RequestContext): void {
  if (ctx.mode !== 'test') throw invalidRequest('Test clocks can only be used in test mode.', { status: 400 });
}

/** The clock as it now reads: every handle shows the simulator's time. */
function view(ctx: RequestContext, row: TestClockRow): TestClock {
  return { ...row.object, frozen_time: ctx.now };
}

function advancing(ctx: RequestContext): TestClockRow | undefined {
  const clocks = ctx.data.peek(TEST_CLOCKS);
  if (!clocks) return undefined;
  for (const entry of clocks.order.values()) {
    const row = clocks.get(entry.id)!;
    if (!row.deleted && row.object.status === 'advancing') return row;
  }
  return undefined;
}

function startAdvance(ctx: RequestContext, row: TestClockRow, target: number): TestClock {
  const busy = advancing(ctx);
  if (busy) {
    throw invalidRequest(
      `The simulator's clock is already advancing (test clock ${busy.id}). Wait until that test clock's status is ready, then advance again.`,
    );
  }
  const after: TestClock = { ...row.object, status: 'advancing', status_details: { advancing: { target_frozen_time: target } } };
  ctx.data.collection(TEST_CLOCKS).put({ ...row, object: after });
  recordEvent(ctx, 'test_helpers.test_clock.advancing', { ...after, frozen_time: ctx.now });
  ctx.requestAdvance({ clockId: row.id, targetMs: target * 1000 });
  return { ...after, frozen_time: ctx.now };
}

const createFields = { frozen_time: required(integer({ min: 0 })), name: string({ nullable: true, maxLength: 300 }) } as const;

function checkTarget(ctx: RequestContext, target: number): void {
  if (target > ctx.now + TWO_YEARS_SECONDS) {
    throw invalidRequest('Cannot advance a test clock more than two years at a time.', { param: 'frozen_time' });
  }
}

function create(ctx: RequestContext, p: Params<typeof createFields>): TestClock {
    testModeOnly(ctx);
    checkTarget(ctx, p.frozen_time);
    const id = ctx.ids.next('clock');
    const clock: TestClock = {
      id,
      object: 'test_helpers.test_clock',
      created: ctx.now,
      deletes_after: ctx.now + 7 * 86_400,
      frozen_time: ctx.now,
      livemode: false,
      name: p.name ?? null,
      status: 'ready',
      status_details: {},
    };
    const row: TestClockRow = { id, created: ctx.now, seq: ctx.nextSeq(), object: clock, deleted: false };
    ctx.data.collection(TEST_CLOCKS).add(row);
    recordEvent(ctx, 'test_helpers.test_clock.created', clock);
    // A frozen_time ahead of the simulator moves its clock there; one in the past cannot.
    if (p.frozen_time > ctx.now) return startAdvance(ctx, row, p.frozen_time);
    return clock;
  }

  const advanceFields = { frozen_time: required(integer({ min: 0 })) } as const;

  function advance(ctx: RequestContext, p: Params<typeof advanceFields>, path: Readonly<Record<string, string>>): TestClock {
    testModeOnly(ctx);
    const row = requireClock(ctx, path['id']!);
    if (p.frozen_time <= ctx.now) {
      throw invalidRequest(`The frozen_time must be after the test clock's current frozen_time (${ctx.now}): the simulated clock only moves forward.`, {
        param: 'frozen_time',
      });
    }
    checkTarget(ctx, p.frozen_time);
    return startAdvance(ctx, row, p.frozen_time);
  }

  function retrieve(ctx: RequestContext, _p: unknown, path: Readonly<Record<string, string>>): TestClock {
    return view(ctx, requireClock(ctx, path['id']!));
  }

  function del(ctx: RequestContext, _p: unknown, path: Readonly<Record<string, string>>) {
    const row = requireClock(ctx, path['id']!);
    ctx.data.collection(TEST_CLOCKS).put({ ...row, deleted: true });
    recordEvent(ctx, 'test_helpers.test_clock.deleted', view(ctx, row));
    return { id: row.id, object: 'test_helpers.test_clock' as const, deleted: true as const };
  }

  function list(ctx: RequestContext, p: Params<typeof listFields>): ListObject<TestClock> {
    return listOf(ctx, TEST_CLOCKS, p, { noun: 'test clock', url: '/v1/test_helpers/test_clocks', filter: (row) => !row.deleted, render: (row) => view(ctx, row) });
  }

export const testClockRoutes = [
    route({ method: 'POST', path: '/v1/test_helpers/test_clocks', emits: ['test_helpers.test_clock.created'], fields: createFields, handler: create, returns: 'test_helpers.test_clock', platformOnly: true }),
    route({ method: 'GET', path: '/v1/test_helpers/test_clocks', fields: listFields, handler: list, returns: 'test_helpers.test_clock', list: true, platformOnly: true }),
    route({ method: 'GET', path: '/v1/test_helpers/test_clocks/:id', fields: {}, handler: retrieve, returns: 'test_helpers.test_clock', platformOnly: true }),
    route({ method: 'POST', path: '/v1/test_helpers/test_clocks/:id/advance', emits: ['test_helpers.test_clock.advancing', 'test_helpers.test_clock.ready', 'balance.available', 'charge.expired', 'payment_intent.canceled', 'charge.refund.updated', 'refund.updated', 'refund.failed', 'payout.updated', 'payout.paid', 'payout.failed', 'charge.dispute.closed', 'charge.dispute.funds_reinstated', 'charge.dispute.created', 'charge.dispute.funds_withdrawn'], fields: advanceFields, handler: advance, returns: 'test_helpers.test_clock', platformOnly: true }),
    route({ method: 'DELETE', path: '/v1/test_helpers/test_clocks/:id', emits: ['test_helpers.test_clock.deleted'], fields: {}, handler: del, platformOnly: true }),
];

function requireClock(ctx: RequestContext, id: string): TestClockRow {
  const row = findOrThrow(ctx, TEST_CLOCKS, id, 'test clock', 'id', 404);
  if (row.deleted) throw resourceMissing('test clock', id, 'id', { status: 404 });
  return row;
}

/** The advance is done: the clock reads its target, and `test_helpers.test_clock.ready` says so. */
export function finishAdvance(engine: Engine, advance: RequestedAdvance, failed: boolean): void {
  const ctx = engine.context('test', { id: null, idempotencyKey: null, apiVersion: engine.options.apiVersion });
  if (advance.clockId === null) return;
  const clocks = ctx.data.collection(TEST_CLOCKS);
  const row = clocks.get(advance.clockId);
  if (!row) return;
  const after: TestClock = { ...row.object, status: failed ? 'internal_failure' : 'ready', status_details: {} };
  clocks.put({ ...row, object: after });
  recordEvent(ctx, failed ? 'test_helpers.test_clock.internal_failure' : 'test_helpers.test_clock.ready', { ...after, frozen_time: ctx.now });
}
