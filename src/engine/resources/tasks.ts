/**
 * What each kind of scheduled work does when the clock reaches it. Webhook attempts are sent by
 * the simulator (they are I/O); everything else runs here, synchronously, with the clock at the
 * task's due time and no request behind it (events carry `request.id: null`).
 */
import type { Engine } from '../engine.js';
import type { RequestContext } from '../context.js';
import type { Task } from '../scheduler.js';
import { settleFunds } from './balance.js';
import { expireAuthorization } from './payment-intents/cancel.js';
import { transitionRefund } from './refunds.js';
import { expireCharge } from './charges/settle.js';
import { advancePayout } from './payouts/create.js';
import { runAutomaticPayout } from './payouts/schedule.js';
import { advanceDispute } from './disputes/lifecycle.js';

export type EngineTask = Exclude<Task, { kind: 'webhook' }>;

const RUN: { [K in EngineTask['kind']]: (ctx: RequestContext, task: Extract<EngineTask, { kind: K }>) => void } = {
  funds_available: (ctx, task) => settleFunds(ctx, task.availableOn),
  authorization_expiry: (ctx, task) => expireAuthorization(ctx, task.paymentIntentId),
  charge_expiry: (ctx, task) => expireCharge(ctx, task.chargeId),
  refund_transition: (ctx, task) => transitionRefund(ctx, task.refundId),
  payout_step: (ctx, task) => advancePayout(ctx, task.payoutId),
  automatic_payout: (ctx, task) => runAutomaticPayout(ctx, task.generation),
  dispute_step: (ctx, task) => advanceDispute(ctx, task.disputeId),
};

export function runTask(engine: Engine, task: EngineTask): void {
  const ctx = engine.context(task.mode, { id: null, idempotencyKey: null, apiVersion: engine.options.apiVersion, onBehalfOf: task.account });
  (RUN[task.kind] as (ctx: RequestContext, task: EngineTask) => void)(ctx, task);
}
