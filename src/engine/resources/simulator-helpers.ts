/**
 * The simulator's own test helpers over HTTP, for clients in any language (SPEC §1 leaves them to
 * us): move the one clock and wait until everything due on the way is done, or deliver the
 * webhooks due now. Both answer only when the work is finished.
 */
import type { RequestContext } from '../context.js';
import { MAX_TIME_MS } from '../clock.js';
import { invalidRequest } from '../errors.js';
import { integer, type Params } from '../params.js';
import { route } from '../routes.js';

/** The answer of `POST /v1/test_helpers/advance`. */
export interface ClockAdvance {
  object: 'test_helpers.clock_advance';
  /** The simulated time after the advance, Unix seconds. */
  frozen_time: number;
}

const MAX_SECONDS = MAX_TIME_MS / 1000;
const advanceFields = { seconds: integer({ min: 0, max: MAX_SECONDS }), frozen_time: integer({ min: 0, max: MAX_SECONDS }) } as const;

function advance(ctx: RequestContext, p: Params<typeof advanceFields>): ClockAdvance {
  if ((p.seconds === undefined) === (p.frozen_time === undefined)) {
    throw invalidRequest('onerway-sim: give exactly one of seconds (how far to move the clock) or frozen_time (where to move it, Unix seconds).');
  }
  const targetMs = p.frozen_time !== undefined ? p.frozen_time * 1000 : ctx.clock.nowMs + p.seconds! * 1000;
  if (targetMs > MAX_TIME_MS) {
    throw invalidRequest(`onerway-sim: the simulated clock cannot go past 9999-12-31T23:59:59Z (frozen_time ${MAX_SECONDS}); it is at ${ctx.now}.`, {
      param: p.seconds !== undefined ? 'seconds' : 'frozen_time',
    });
  }
  if (targetMs < ctx.clock.nowMs) {
    throw invalidRequest(`onerway-sim: the simulated clock only moves forward; it is already at ${ctx.now}.`, { param: 'frozen_time' });
  }
  ctx.requestAdvance({ clockId: null, targetMs });
  ctx.requestWait('advance');
  return { object: 'test_helpers.clock_advance', frozen_time: Math.floor(targetMs / 1000) };
}

function flush(ctx: RequestContext): { object: 'test_helpers.webhook_flush'; flushed: true } {
  ctx.requestWait('flush');
  return { object: 'test_helpers.webhook_flush', flushed: true };
}

/** The answer of `GET /v1/test_helpers/state`: what the simulator holds now, for a dashboard. */
export interface SimulatorState {
  object: 'test_helpers.state';
  /** The simulated time, Unix seconds. */
  now: number;
  mode: 'test' | 'live';
  /** The connected account it describes (`Onerway-Account`), or null for the platform. */
  account: string | null;
  /** Each kind of stored object with how many there are and the ids of the newest five. */
  collections: { name: string; count: number; newest: string[] }[];
  /** Work due on the clock (webhook retries, funds, payouts, disputes…). */
  scheduled: number;
}

function state(ctx: RequestContext): SimulatorState {
  return { object: 'test_helpers.state', now: ctx.now, mode: ctx.mode, account: ctx.data.account, collections: ctx.data.summary(5), scheduled: ctx.scheduler.size };
}

export const simulatorHelperRoutes = [
  route({ method: 'GET', path: '/v1/test_helpers/state', fields: {}, handler: state }),
  route({ method: 'POST', path: '/v1/test_helpers/advance', emits: ['balance.available', 'charge.expired', 'payment_intent.canceled', 'charge.refund.updated', 'refund.updated', 'refund.failed', 'payout.updated', 'payout.paid', 'payout.failed', 'charge.dispute.closed', 'charge.dispute.funds_reinstated', 'charge.dispute.created', 'charge.dispute.funds_withdrawn'], fields: advanceFields, handler: advance, platformOnly: true }),
  route({ method: 'POST', path: '/v1/test_helpers/webhooks/flush', fields: {}, handler: flush, platformOnly: true }),
];
