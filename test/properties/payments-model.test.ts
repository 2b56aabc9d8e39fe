/**
 * Model-based test of the payment state machine: random sequences of create / update / confirm /
 * authenticate / capture / cancel / refund, each run against the simulator and against a small
 * reference model, checking after every step that the two agree and that the invariants hold.
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { client, stateOf, type Client } from '../helpers/sim.js';

type Card = 'visa' | 'declined' | 'threeDS' | 'threeDSDeclined';
const PM: Record<Card, string> = {
  visa: 'pm_card_visa',
  declined: 'pm_card_visa_chargeDeclined',
  threeDS: 'pm_card_threeDSecure2Required',
  threeDSDeclined: 'pm_card_authenticationRequiredChargeDeclinedInsufficientFunds',
};

type Status = 'requires_payment_method' | 'requires_confirmation' | 'requires_action' | 'requires_capture' | 'succeeded' | 'canceled';

interface ModelIntent {
  id: string;
  amount: number;
  manual: boolean;
  status: Status;
  card: Card | null;
  capturable: number;
  received: number;
  refunded: number;
}
interface Model {
  intents: ModelIntent[];
}
interface Real {
  c: Client;
}

/**
 * The transitions reference §1.2 allows (status before → statuses after). Written out here on
 * purpose, not imported from onerway-sim/arbitraries: the model must not share code with what it checks.
 */
const LEGAL: Record<Status, readonly Status[]> = {
  requires_payment_method: ['requires_payment_method', 'requires_confirmation', 'requires_action', 'requires_capture', 'succeeded', 'canceled'],
  requires_confirmation: ['requires_confirmation', 'requires_payment_method', 'requires_action', 'requires_capture', 'succeeded', 'canceled'],
  requires_action: ['requires_action', 'requires_payment_method', 'requires_confirmation', 'requires_capture', 'succeeded', 'canceled'],
  requires_capture: ['requires_capture', 'succeeded', 'canceled'],
  succeeded: ['succeeded'],
  canceled: ['canceled'],
};
const EDITABLE: readonly Status[] = ['requires_payment_method', 'requires_confirmation', 'requires_action'];
const fee = (amount: number) => Math.round(amount * 0.029) + 30;

/** The model's outcome of charging `card` (after authentication when `authenticated`). */
function charge(m: ModelIntent, card: Card, authenticated: boolean): void {
  m.card = card;
  if (!authenticated && (card === 'threeDS' || card === 'threeDSDeclined')) {
    m.status = 'requires_action';
  } else if (card === 'declined' || card === 'threeDSDeclined') {
    m.status = 'requires_payment_method';
    m.card = null;
  } else if (m.manual) {
    m.status = 'requires_capture';
    m.capturable = m.amount;
  } else {
    m.status = 'succeeded';
    m.received = m.amount;
  }
}

async function check(model: Model, real: Real): Promise<void> {
  const { c } = real;
  let nets = 0;
  for (const m of model.intents) {
    const pi = (await c.get(`/v1/payment_intents/${m.id}?expand[]=latest_charge`)).body;
    expect([pi.status, pi.amount, pi.amount_capturable, pi.amount_received]).toEqual([m.status, m.amount, m.capturable, m.received]);
    expect(pi.amount_capturable > 0).toBe(pi.status === 'requires_capture');
    expect(pi.amount_received).toBeLessThanOrEqual(pi.amount);
    expect(pi.canceled_at !== null).toBe(pi.status === 'canceled');
    const ch = pi.latest_charge;
    if (ch && ch.captured) {
      const refunds = ch.amount_refunded - (ch.amount - ch.amount_captured);
      expect(refunds).toBe(m.refunded);
      expect(refunds).toBeLessThanOrEqual(ch.amount_captured);
      nets += ch.amount_captured - fee(ch.amount_captured) - refunds;
    }
  }
  const balance = (await c.get('/v1/balance')).body;
  const total = balance.available[0].amount + balance.pending[0].amount;
  expect(total).toBe(nets);
}

/** Runs a call the model says must be refused: a 4xx that changes nothing. */
async function refused(real: Real, send: () => Promise<{ status: number }>): Promise<void> {
  const before = stateOf(real.c.sim);
  const res = await send();
  expect(res.status).toBeGreaterThanOrEqual(400);
  expect(res.status).toBeLessThan(500);
  expect(stateOf(real.c.sim)).toBe(before);
}

abstract class Step implements fc.AsyncCommand<Model, Real> {
  constructor(readonly pick: number) {}
  check(m: Readonly<Model>): boolean {
    return m.intents.length > 0;
  }
  intent(m: Model): ModelIntent {
    return m.intents[this.pick % m.intents.length]!;
  }
  abstract act(m: ModelIntent, model: Model, real: Real): Promise<void>;
  async run(model: Model, real: Real): Promise<void> {
    const m = this.intent(model);
    const before = m.status;
    await this.act(m, model, real);
    expect(LEGAL[before]).toContain(m.status);
    await check(model, real);
  }
  abstract toString(): string;
}

class Create implements fc.AsyncCommand<Model, Real> {
  constructor(readonly amount: number, readonly card: Card | null, readonly confirm: boolean, readonly manual: boolean) {}
  check(): boolean {
    return true;
  }
  async run(model: Model, real: Real): Promise<void> {
    const body = {
      amount: this.amount,
      currency: 'usd',
      capture_method: this.manual ? 'manual' : 'automatic',
      ...(this.card && { payment_method: PM[this.card] }),
      ...(this.confirm && { confirm: true }),
    };
    if (this.confirm && !this.card) return refused(real, () => real.c.post('/v1/payment_intents', body));
    const res = await real.c.post('/v1/payment_intents', body);
    const id = res.status === 402 ? res.body.error.payment_intent.id : res.body.id;
    const m: ModelIntent = { id, amount: this.amount, manual: this.manual, status: 'requires_payment_method', card: null, capturable: 0, received: 0, refunded: 0 };
    if (this.card && this.confirm) charge(m, this.card, false);
    else if (this.card) {
      m.status = 'requires_confirmation';
      m.card = this.card;
    }
    model.intents.push(m);
    await check(model, real);
  }
  toString(): string {
    return `create(${this.amount}, ${this.card}, confirm=${this.confirm}, manual=${this.manual})`;
  }
}

class Update extends Step {
  constructor(pick: number, readonly amount: number) {
    super(pick);
  }
  async act(m: ModelIntent, _: Model, real: Real): Promise<void> {
    const send = () => real.c.post(`/v1/payment_intents/${m.id}`, { amount: this.amount });
    if (!EDITABLE.includes(m.status)) return refused(real, send);
    expect((await send()).status).toBe(200);
    m.amount = this.amount;
  }
  toString(): string {
    return `update(#${this.pick}, ${this.amount})`;
  }
}

class Confirm extends Step {
  constructor(pick: number, readonly card: Card | null) {
    super(pick);
  }
  async act(m: ModelIntent, _: Model, real: Real): Promise<void> {
    const send = () => real.c.post(`/v1/payment_intents/${m.id}/confirm`, this.card ? { payment_method: PM[this.card] } : {});
    const card = this.card ?? m.card;
    if (!EDITABLE.includes(m.status) || card === null) return refused(real, send);
    await send();
    charge(m, card, false);
  }
  toString(): string {
    return `confirm(#${this.pick}, ${this.card})`;
  }
}

class Authenticate extends Step {
  constructor(pick: number, readonly success: boolean) {
    super(pick);
  }
  async act(m: ModelIntent, _: Model, real: Real): Promise<void> {
    const send = () => real.c.post(`/v1/test_helpers/payment_intents/${m.id}/authenticate`, { outcome: this.success ? 'success' : 'failure' });
    if (m.status !== 'requires_action') return refused(real, send);
    expect((await send()).status).toBe(200);
    if (this.success) charge(m, m.card!, true);
    else {
      m.status = 'requires_payment_method';
      m.card = null;
    }
  }
  toString(): string {
    return `authenticate(#${this.pick}, ${this.success})`;
  }
}

/**
 * An amount relative to what the model says is left: omitted (everything), half, exactly all, or
 * one more than allowed, so that every run tests the boundaries.
 */
type Portion = 'omit' | 'half' | 'exact' | 'over';
function portion(p: Portion, left: number): number | null {
  if (p === 'omit') return null;
  if (p === 'half') return Math.max(1, Math.floor(left / 2));
  return p === 'exact' ? Math.max(1, left) : left + 1;
}

class Capture extends Step {
  constructor(pick: number, readonly portion: Portion) {
    super(pick);
  }
  async act(m: ModelIntent, _: Model, real: Real): Promise<void> {
    const requested = portion(this.portion, m.capturable);
    const send = () => real.c.post(`/v1/payment_intents/${m.id}/capture`, requested === null ? {} : { amount_to_capture: requested });
    const amount = requested ?? m.capturable;
    if (m.status !== 'requires_capture' || amount > m.capturable) return refused(real, send);
    expect((await send()).status).toBe(200);
    m.status = 'succeeded';
    m.received = amount;
    m.capturable = 0;
  }
  toString(): string {
    return `capture(#${this.pick}, ${this.portion})`;
  }
}

class Cancel extends Step {
  async act(m: ModelIntent, _: Model, real: Real): Promise<void> {
    const send = () => real.c.post(`/v1/payment_intents/${m.id}/cancel`);
    if (m.status === 'succeeded' || m.status === 'canceled') return refused(real, send);
    expect((await send()).status).toBe(200);
    m.status = 'canceled';
    m.capturable = 0;
  }
  toString(): string {
    return `cancel(#${this.pick})`;
  }
}

class Refund extends Step {
  constructor(pick: number, readonly portion: Portion) {
    super(pick);
  }
  async act(m: ModelIntent, _: Model, real: Real): Promise<void> {
    const refundable = m.received - m.refunded;
    const requested = portion(this.portion, refundable);
    const send = () => real.c.post('/v1/refunds', { payment_intent: m.id, ...(requested !== null && { amount: requested }) });
    const amount = requested ?? refundable;
    if (m.status !== 'succeeded' || refundable === 0 || amount > refundable) return refused(real, send);
    expect((await send()).status).toBe(200);
    m.refunded += amount;
  }
  toString(): string {
    return `refund(#${this.pick}, ${this.portion})`;
  }
}

// Weighted towards cards that succeed, so sequences often reach capture and refund.
const card = fc.oneof(
  { weight: 4, arbitrary: fc.constant<Card>('visa') },
  { weight: 1, arbitrary: fc.constantFrom<Card>('declined', 'threeDS', 'threeDSDeclined') },
);
const amount = fc.integer({ min: 50, max: 10_000 });
const portionArb = fc.constantFrom<Portion>('omit', 'half', 'exact', 'over');
const commands = [
  fc.tuple(amount, fc.option(card), fc.boolean(), fc.boolean()).map(([a, c, confirm, manual]) => new Create(a, c, confirm, manual)),
  fc.tuple(fc.nat(), amount).map(([p, a]) => new Update(p, a)),
  fc.tuple(fc.nat(), fc.option(card)).map(([p, c]) => new Confirm(p, c)),
  fc.tuple(fc.nat(), fc.boolean()).map(([p, s]) => new Authenticate(p, s)),
  fc.tuple(fc.nat(), portionArb).map(([p, a]) => new Capture(p, a)),
  fc.nat().map((p) => new Cancel(p)),
  fc.tuple(fc.nat(), portionArb).map(([p, a]) => new Refund(p, a)),
];

it('the simulator follows the reference model, and its invariants hold after every step', async () => {
  await fc.assert(
    fc.asyncProperty(fc.commands(commands, { maxCommands: 30, size: 'max' }), async (cmds) => {
      await fc.asyncModelRun(() => ({ model: { intents: [] }, real: { c: client() } }), cmds);
    }),
    { numRuns: 200 },
  );
});
