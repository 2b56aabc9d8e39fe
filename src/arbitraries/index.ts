/**
 * `onerway-sim/arbitraries`: fast-check arbitraries for property-testing your own Onerway
 * integration against a simulator (docs/arbitraries.md): valid request bodies per resource, test
 * cards by outcome, and a command model of the API to mix with commands of your own.
 * fast-check is an optional peer dependency, loaded only by this subpath.
 */
import fc from 'fast-check';
import { TEST_CARDS } from '../engine/test-cards.js';
import type { Simulator } from '../simulator.js';

const idsOf = (keep: (c: (typeof TEST_CARDS)[number]) => boolean) => TEST_CARDS.filter((c) => keep(c) && c.paymentMethods.length > 0).map((c) => c.paymentMethods[0]!);
const plain = (c: (typeof TEST_CARDS)[number]) =>
  !c.attachDecline && !c.chargeDecline && c.risk !== 'highest' && c.checks?.cvc !== 'fail' && !['required', 'required_on_setup', 'required_set_up_for_off_session'].includes(c.threeDS) && !c.dispute;

/** `pm_card_*` ids by what a charge with them does, on session. */
export const cards = {
  /** Charges succeed. */
  succeeding: fc.constantFrom(...idsOf(plain)),
  /** Charges are declined (402), at attach or at charge. */
  declining: fc.constantFrom(...idsOf((c) => Boolean(c.attachDecline || c.chargeDecline || c.risk === 'highest'))),
  /** Charges need 3D Secure first (`requires_action`). */
  requiringAuthentication: fc.constantFrom(...idsOf((c) => ['required', 'required_on_setup', 'required_set_up_for_off_session'].includes(c.threeDS) && !c.chargeDecline)),
  /** Any catalogue card. */
  any: fc.constantFrom(...idsOf(() => true)),
};

const text = fc.string({ minLength: 1, maxLength: 20 }).filter((s) => s.trim().length > 0);
const metadata = fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9_]{0,19}$/), fc.string({ maxLength: 40 }), { maxKeys: 5 });

/** Valid `POST /v1/customers` bodies. */
export function customerParams() {
  return fc.record(
    {
      email: fc.tuple(fc.stringMatching(/^[a-z0-9]{1,12}$/), fc.constantFrom('example.com', 'shop.test')).map(([u, d]) => `${u}@${d}`),
      name: text,
      description: text,
      metadata,
    },
    { requiredKeys: [] },
  );
}

const succeedingNumbers = TEST_CARDS.filter((c) => plain(c) && c.number !== null).map((c) => ({ number: c.number!, amex: c.brand === 'amex' }));

/** Valid `POST /v1/payment_methods` bodies: raw catalogue numbers whose charges succeed, future expiry. */
export function paymentMethodParams() {
  return fc.record({
    card: fc.constantFrom(...succeedingNumbers),
    month: fc.integer({ min: 1, max: 12 }),
    yearsAhead: fc.integer({ min: 2, max: 20 }),
    billing: fc.record({ name: text, email: fc.constant('billing@example.com') }, { requiredKeys: [] }),
  }).map(({ card, month, yearsAhead, billing }) => ({
    type: 'card' as const,
    card: { number: card.number, exp_month: month, exp_year: 2030 + yearsAhead, cvc: card.amex ? '1234' : '123' },
    billing_details: billing,
  }));
}

/** Valid `POST /v1/accounts` bodies. */
export function accountParams() {
  return fc.record({ email: fc.constantFrom('seller@example.com', 'shop@example.com'), country: fc.constantFrom('US', 'GB', 'DE', 'FR'), metadata }, { requiredKeys: [] });
}

/** Valid `POST /v1/transfers` bodies to `destination`, of at most `available`. */
export function transferParams(destination: string, available: number) {
  return fc.record({
    amount: fc.integer({ min: 1, max: Math.max(1, available) }),
    currency: fc.constant('usd'),
    destination: fc.constant(destination),
    description: text,
  });
}

/** Valid `POST /v1/payment_intents` bodies (amounts within the usd limits). */
export function paymentIntentParams(options: { card?: fc.Arbitrary<string>; confirm?: boolean; currency?: string } = {}) {
  return fc.record({
    amount: fc.integer({ min: 50, max: 99_999_999 }),
    currency: fc.constant(options.currency ?? 'usd'),
    payment_method: options.card ?? cards.succeeding,
    confirm: fc.constant(options.confirm ?? true),
    capture_method: fc.constantFrom('automatic' as const, 'automatic_async' as const, 'manual' as const),
    metadata,
  });
}

/** Valid `POST /v1/refunds` bodies for a PaymentIntent: everything left, or part of `received`. */
export function refundParams(paymentIntent: string, received: number) {
  return fc.oneof(
    fc.constant({ payment_intent: paymentIntent }),
    fc.integer({ min: 1, max: Math.max(1, received) }).map((amount) => ({ payment_intent: paymentIntent, amount })),
  );
}

// ---- A command model of the API ----

/** A JSON answer: the object, or `{ error }`. */
export interface ApiAnswer {
  status: number;
  body: Record<string, unknown> & { error?: { payment_intent?: PaymentIntentLike } };
}

/** What the model reads of a PaymentIntent in an answer. */
export interface PaymentIntentLike {
  id: string;
  status: string;
  amount: number;
  amount_received: number;
}

/** What the model knows: each PaymentIntent's last status and amounts. */
export interface OnerwayModel {
  intents: { id: string; status: string; amount: number; received: number; refunded: number }[];
}

/** The system under test: a simulator, and how to call it (override `call` to go through your own client). */
export interface OnerwayReal {
  sim: Simulator;
  call(method: string, path: string, body?: Record<string, unknown>): Promise<ApiAnswer>;
}

/** A model and a real system over `sim`, for `fc.asyncModelRun`. */
export function onerwaySetup(sim: Simulator): { model: OnerwayModel; real: OnerwayReal } {
  return {
    model: { intents: [] },
    real: {
      sim,
      async call(method, path, body) {
        const res = await sim.fetch(`https://api.onerway.com${path}`, {
          method,
          headers: { Authorization: `Bearer ${sim.secretKey}`, 'Content-Type': 'application/json' },
          ...(body && { body: JSON.stringify(body) }),
        });
        return { status: res.status, body: (await res.json()) as ApiAnswer['body'] };
      },
    },
  };
}

/** One step of a model-based run against the simulator. */
export type Command = fc.AsyncCommand<OnerwayModel, OnerwayReal, boolean>;

const LEGAL: Record<string, readonly string[]> = {
  requires_payment_method: ['requires_payment_method', 'requires_confirmation', 'requires_action', 'requires_capture', 'succeeded', 'canceled'],
  requires_confirmation: ['requires_confirmation', 'requires_payment_method', 'requires_action', 'requires_capture', 'succeeded', 'canceled'],
  requires_action: ['requires_action', 'requires_payment_method', 'requires_confirmation', 'requires_capture', 'succeeded', 'canceled'],
  requires_capture: ['requires_capture', 'succeeded', 'canceled'],
  succeeded: ['succeeded'],
  canceled: ['canceled'],
};

/** Checks a PaymentIntent answer against the model, then records it. Throws on an illegal change. */
function observe(model: OnerwayModel, pi: PaymentIntentLike): void {
  const known = model.intents.find((m) => m.id === pi.id);
  if (known && !LEGAL[known.status]!.includes(pi.status)) throw new Error(`PaymentIntent ${pi.id} went from ${known.status} to ${pi.status}`);
  if (pi.amount_received > pi.amount) throw new Error(`PaymentIntent ${pi.id} received more than its amount`);
  if (known) Object.assign(known, { status: pi.status, amount: pi.amount, received: pi.amount_received });
  else model.intents.push({ id: pi.id, status: pi.status, amount: pi.amount, received: pi.amount_received, refunded: 0 });
}

class OnIntent implements Command {
  constructor(
    readonly label: string,
    readonly pick: number,
    readonly act: (m: OnerwayModel['intents'][number], real: OnerwayReal) => Promise<ApiAnswer>,
  ) {}
  check(m: Readonly<OnerwayModel>): boolean {
    return m.intents.length > 0;
  }
  async run(model: OnerwayModel, real: OnerwayReal): Promise<void> {
    const target = model.intents[this.pick % model.intents.length]!;
    const res = await this.act(target, real);
    if (res.status >= 500) throw new Error(`${this.label} answered ${res.status}: ${JSON.stringify(res.body)}`);
    const pi = (await real.call('GET', `/v1/payment_intents/${target.id}`)).body as unknown as PaymentIntentLike;
    observe(model, pi);
  }
  toString(): string {
    return `${this.label}(#${this.pick})`;
  }
}

/**
 * Commands over the API (create, confirm, capture, cancel, refund a PaymentIntent; move the clock),
 * each checking that what the simulator answers is a legal move. Add commands of your own
 * (your checkout, your webhook handler) to the list you give `fc.commands`.
 */
export function onerwayCommands(): fc.Arbitrary<Command>[] {
  return [
    paymentIntentParams().map(
      (params): Command => ({
        check: () => true,
        async run(model, real) {
          const res = await real.call('POST', '/v1/payment_intents', params);
          if (res.status >= 500) throw new Error(`create answered ${res.status}`);
          const pi = res.status === 200 ? (res.body as unknown as PaymentIntentLike) : res.body.error?.payment_intent;
          if (pi) observe(model, pi);
        },
        toString: () => `createPaymentIntent(${JSON.stringify(params)})`,
      }),
    ),
    fc.tuple(fc.nat(), cards.any).map(([pick, card]) => new OnIntent(`confirm ${card}`, pick, (m, real) => real.call('POST', `/v1/payment_intents/${m.id}/confirm`, { payment_method: card }))),
    fc.nat().map((pick) => new OnIntent('capture', pick, (m, real) => real.call('POST', `/v1/payment_intents/${m.id}/capture`))),
    fc.nat().map((pick) => new OnIntent('cancel', pick, (m, real) => real.call('POST', `/v1/payment_intents/${m.id}/cancel`))),
    fc.nat().map((pick) => new OnIntent('authenticate', pick, (m, real) => real.call('POST', `/v1/test_helpers/payment_intents/${m.id}/authenticate`, { outcome: 'success' }))),
    fc.tuple(fc.nat(), fc.boolean()).map(([pick, all]) =>
      new OnIntent(`refund ${all ? 'all' : 'half'}`, pick, (m, real) =>
        real.call('POST', '/v1/refunds', { payment_intent: m.id, ...(!all && m.received > 1 && { amount: Math.floor(m.received / 2) }) }),
      ),
    ),
    fc.integer({ min: 1, max: 10 * 86_400 }).map(
      (seconds): Command => ({
        check: () => true,
        async run(_model, real) {
          await real.sim.clock.advance(seconds * 1000);
        },
        toString: () => `advance(${seconds}s)`,
      }),
    ),
  ];
}
