/**
 * Webhook delivery: the I/O half. Takes due attempts from the engine's scheduler in time order,
 * moves the simulated clock to each, sends it (to an in-process handler or with a fetch), and
 * hands the outcome back to the engine, which records it and schedules any retry.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Engine } from '../engine/engine.js';
import { planDelivery, recordAttempt, type DeliveryPlan } from '../engine/resources/webhook-endpoints.js';
import { SIGNATURE_HEADER, signatureHeader } from './signature.js';
import type { TypedEvent } from './typed-events.js';
import { runTask } from '../engine/resources/tasks.js';

/**
 * An in-process webhook handler: receives the delivery as a real `Request` (verify it as a URL
 * endpoint would) and, for convenience, the event it carries, typed by its `type`. No return
 * means 200.
 */
export type WebhookHandler = (request: Request, event: TypedEvent) => Response | void | undefined | Promise<Response | void | undefined>;

export interface DeliveryOptions {
  /** Sends deliveries to URL endpoints. Default: the global `fetch`. */
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
  /**
   * The clock of the signature's `t`: `'real'` (default) signs with the wall clock at delivery, so
   * stock verifiers with a 300 s tolerance accept it however far the simulated clock has moved;
   * `'simulated'` signs with the simulated clock (deterministic headers, but old simulated times
   * fail a tolerance check).
   */
  signingClock?: 'real' | 'simulated';
}

export const USER_AGENT = 'Onerway/1.0 (+https://docs.onerway.com/webhooks)';

/** Marks the code a delivery runs (a handler), so that a flush it asks for does not wait on itself. */
const INSIDE_DELIVERY = new AsyncLocalStorage<true>();

export class Deliverer {
  /** In-process handlers by endpoint id. */
  readonly handlers = new Map<string, WebhookHandler>();
  /** The runs under way, one after another: a flush waits for deliveries another door started. */
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly options: DeliveryOptions) {}

  /**
   * Performs every attempt due up to `untilMs`, in time order, moving the clock to each. Runs are
   * queued: one asked for while another is delivering (the server's, after a request) starts when
   * that one is done, so `await sim.flush()` returns only once every delivery due has been
   * attempted and recorded, whichever door started it.
   */
  runUntil(engine: Engine, untilMs: number): Promise<void> {
    if (INSIDE_DELIVERY.getStore()) return this.run(engine, untilMs);
    const run = this.chain.then(() => this.run(engine, untilMs));
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async run(engine: Engine, untilMs: number): Promise<void> {
    for (;;) {
      const next = engine.scheduler.peek(untilMs);
      if (!next) break;
      engine.scheduler.pop();
      if (next.dueMs > engine.clock.nowMs) engine.clock.moveTo(next.dueMs);
      if (next.task.kind !== 'webhook') {
        runTask(engine, next.task);
        continue;
      }
      const plan = planDelivery(engine, next.task);
      if (!plan) continue;
      recordAttempt(engine, next.task, await INSIDE_DELIVERY.run(true, () => this.send(engine, plan)));
    }
    if (untilMs > engine.clock.nowMs) engine.clock.moveTo(untilMs);
  }

  private async send(engine: Engine, plan: DeliveryPlan): Promise<{ status: number | null; error: string | null; signature: string }> {
    const t = this.options.signingClock === 'simulated' ? engine.clock.nowSeconds : Math.floor(Date.now() / 1000);
    const signature = signatureHeader(plan.body, plan.secret, t);
    const headers = {
      'Content-Type': 'application/json',
      'User-Agent': USER_AGENT,
      [SIGNATURE_HEADER]: signature,
      // The same value under Stripe's name, so a handler written from Stripe's docs verifies too.
      'Stripe-Signature': signature,
    };
    try {
      if (plan.listener) {
        const handler = this.handlers.get(plan.endpointId);
        if (!handler) return { status: null, error: 'onerway-sim: no in-process handler is registered for this endpoint.', signature };
        const res = await handler(new Request(plan.url, { method: 'POST', headers, body: plan.body }), JSON.parse(plan.body) as TypedEvent);
        return { status: res ? res.status : 200, error: null, signature };
      }
      const fetcher = this.options.fetch ?? globalThis.fetch;
      const res = await fetcher(plan.url, { method: 'POST', headers, body: plan.body });
      await res.body?.cancel().catch(() => undefined);
      return { status: res.status, error: null, signature };
    } catch (e) {
      return { status: null, error: e instanceof Error ? e.message : String(e), signature };
    }
  }
}
