/**
 * Model-based test of payments: random sequences of PaymentIntent steps (create, update, confirm,
 * authenticate, capture, increment, cancel, refund), SetupIntents and the off-session payments of
 * the cards they save, and Charges API charges (create, capture, refund), in two currencies, with
 * any card of the catalogue. Each step runs against the simulator and against a small reference
 * model; after every step the two must agree and money must be conserved: each currency's
 * balance (available plus pending) is what was captured, less fees and refunds.
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { TEST_CARDS, type TestCard } from '../../src/engine/test-cards.js';
import { client, stateOf, type Client } from '../helpers/sim.js';

/** Every catalogue card that has a `pm_card_*` id: the model reads its fields, never the simulator's code. */
const CARDS = TEST_CARDS.filter((c) => c.paymentMethods.length > 0);
const VISA = CARDS.find((c) => c.paymentMethods[0] === 'pm_card_visa')!;
const CURRENCIES = ['usd', 'eur'] as const;
type Currency = (typeof CURRENCIES)[number];

type Status = 'requires_payment_method' | 'requires_confirmation' | 'requires_action' | 'requires_capture' | 'succeeded' | 'canceled';

interface ModelIntent {
  id: string;
  amount: number;
  currency: Currency;
  manual: boolean;
  incremental: boolean;
  increments: number;
  status: Status;
  card: TestCard | null;
  /** The saved PaymentMethod the intent charges off session, if any. */
  saved: SavedCard | null;
  capturable: number;
  received: number;
  refunded: number;
  disputed: boolean;
}
interface ModelSetup {
  id: string;
  card: TestCard;
  status: 'requires_action' | 'succeeded' | 'requires_payment_method';
}
interface SavedCard {
  pm: string;
  card: TestCard;
}
interface ModelCharge {
  id: string;
  amount: number;
  currency: Currency;
  card: TestCard;
  captured: number | null;
  released: boolean;
  refunded: number;
  disputed: boolean;
}
interface Model {
  customer: string;
  intents: ModelIntent[];
  setups: ModelSetup[];
  saved: SavedCard[];
  charges: ModelCharge[];
}
interface Real {
  c: Client;
}

/**
 * The transitions the reference allows (status before → statuses after). Written out here on
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
const INCREMENTAL_BRANDS = ['visa', 'mastercard', 'amex', 'discover', 'unionpay'];
const fee = (amount: number) => Math.round(amount * 0.029) + 30;

/** Whether the card asks for 3D Secure: on session (a payment or a setup), or off session once set up or not (reference §6.4). */
function needs3DS(card: TestCard, offSession: boolean, setUp: boolean): boolean {
  switch (card.threeDS) {
    case 'required':
      return true;
    case 'required_on_setup':
      return !offSession || !setUp;
    case 'required_set_up_for_off_session':
      return !offSession;
    default:
      return false;
  }
}

/** Whether charging the card is declined (after authentication when `authenticated`). */
function declines(card: TestCard, authenticated: boolean): boolean {
  return Boolean((authenticated && card.declineAfterAuth) || card.attachDecline || card.chargeDecline || card.risk === 'highest' || card.checks?.cvc === 'fail');
}

const disputes = (card: TestCard) => card.dispute !== undefined && card.dispute !== 'early_fraud_warning';
/** A chargeback (not an inquiry) withdraws the captured amount and the 15.00 dispute fee when it opens. */
const DISPUTE_FEE = 1500;
const withdrawn = (card: TestCard, captured: number) => (disputes(card) && card.dispute !== 'inquiry' ? captured + DISPUTE_FEE : 0);

/** The model's outcome of charging `card` for an intent. */
function charge(m: ModelIntent, card: TestCard, o: { authenticated: boolean; offSession: boolean; setUp: boolean }): void {
  m.card = card;
  if (!o.authenticated && needs3DS(card, o.offSession, o.setUp)) {
    if (o.offSession) {
      m.status = 'requires_payment_method';
      m.card = null;
    } else m.status = 'requires_action';
  } else if (declines(card, o.authenticated)) {
    m.status = 'requires_payment_method';
    m.card = null;
  } else if (m.manual) {
    m.status = 'requires_capture';
    m.capturable = m.amount;
  } else {
    m.status = 'succeeded';
    m.received = m.amount;
    m.disputed = disputes(card);
  }
}

async function check(model: Model, real: Real): Promise<void> {
  const { c } = real;
  const nets: Record<string, number> = { usd: 0, eur: 0 };
  for (const m of model.intents) {
    const pi = (await c.get(`/v1/payment_intents/${m.id}?expand[]=latest_charge`)).body;
    expect([pi.status, pi.amount, pi.currency, pi.amount_capturable, pi.amount_received]).toEqual([m.status, m.amount, m.currency, m.capturable, m.received]);
    expect(pi.amount_capturable > 0).toBe(pi.status === 'requires_capture');
    expect(pi.amount_received).toBeLessThanOrEqual(pi.amount);
    expect(pi.canceled_at !== null).toBe(pi.status === 'canceled');
    const ch = pi.latest_charge;
    if (ch && ch.captured) {
      const refunds = ch.amount_refunded - (ch.amount - ch.amount_captured);
      expect(refunds).toBe(m.refunded);
      expect(ch.disputed).toBe(m.disputed);
      nets[m.currency]! += ch.amount_captured - fee(ch.amount_captured) - refunds - (m.disputed ? withdrawn(m.card!, ch.amount_captured) : 0);
    }
  }
  for (const s of model.setups) expect((await c.get(`/v1/setup_intents/${s.id}`)).body.status).toBe(s.status);
  for (const m of model.charges) {
    const ch = (await c.get(`/v1/charges/${m.id}`)).body;
    expect([ch.captured, ch.amount_captured, ch.refunded && !ch.captured]).toEqual([m.captured !== null, m.captured ?? 0, m.released]);
    expect(ch.disputed).toBe(m.disputed);
    if (m.captured !== null) {
      expect(ch.amount_refunded - (ch.amount - m.captured)).toBe(m.refunded);
      nets[m.currency]! += m.captured - fee(m.captured) - m.refunded - (m.disputed ? withdrawn(m.card, m.captured) : 0);
    }
  }
  const balance = (await c.get('/v1/balance')).body;
  for (const currency of CURRENCIES) {
    const sum = (entries: { amount: number; currency: string }[]) => entries.filter((e) => e.currency === currency).reduce((t, e) => t + e.amount, 0);
    expect(sum(balance.available) + sum(balance.pending)).toBe(nets[currency]);
  }
}

/** Runs a call the model says must be refused: a 4xx that changes nothing. */
async function refused(real: Real, send: () => Promise<{ status: number }>): Promise<void> {
  const before = stateOf(real.c.sim);
  const res = await send();
  expect(res.status).toBeGreaterThanOrEqual(400);
  expect(res.status).toBeLessThan(500);
  expect(stateOf(real.c.sim)).toBe(before);
}

type Command = fc.AsyncCommand<Model, Real>;

/** A step on one of the model's objects, picked by index; checked against the model afterwards. */
abstract class Step<T> implements Command {
  constructor(readonly pick: number) {}
  abstract pool(m: Readonly<Model>): readonly T[];
  check(m: Readonly<Model>): boolean {
    return this.pool(m).length > 0;
  }
  abstract act(item: T, model: Model, real: Real): Promise<void>;
  async run(model: Model, real: Real): Promise<void> {
    const items = this.pool(model);
    const item = items[this.pick % items.length]!;
    const before = (item as { status?: Status }).status;
    await this.act(item, model, real);
    if (before && before in LEGAL) expect(LEGAL[before]).toContain((item as unknown as { status: Status }).status);
    await check(model, real);
  }
  abstract toString(): string;
}

abstract class IntentStep extends Step<ModelIntent> {
  pool(m: Readonly<Model>): readonly ModelIntent[] {
    return m.intents;
  }
}

const pmOf = (card: TestCard) => card.paymentMethods[0]!;
const newIntent = (id: string, amount: number, currency: Currency, manual: boolean, incremental: boolean): ModelIntent => ({
  id, amount, currency, manual, incremental, increments: 0, status: 'requires_payment_method', card: null, saved: null, capturable: 0, received: 0, refunded: 0, disputed: false,
});

class Create implements Command {
  constructor(readonly amount: number, readonly currency: Currency, readonly card: TestCard | null, readonly confirm: boolean, readonly manual: boolean, readonly incremental: boolean) {}
  check(): boolean {
    return true;
  }
  async run(model: Model, real: Real): Promise<void> {
    const body = {
      amount: this.amount,
      currency: this.currency,
      capture_method: this.manual ? 'manual' : 'automatic',
      ...(this.incremental && { payment_method_options: { card: { request_incremental_authorization: 'if_available' } } }),
      ...(this.card && { payment_method: pmOf(this.card) }),
      ...(this.confirm && { confirm: true }),
    };
    if (this.confirm && !this.card) return refused(real, () => real.c.post('/v1/payment_intents', body));
    const res = await real.c.post('/v1/payment_intents', body);
    const id = res.status === 402 ? res.body.error.payment_intent.id : res.body.id;
    const m = newIntent(id, this.amount, this.currency, this.manual, this.incremental);
    if (this.card && this.confirm) charge(m, this.card, { authenticated: false, offSession: false, setUp: false });
    else if (this.card) {
      m.status = 'requires_confirmation';
      m.card = this.card;
    }
    model.intents.push(m);
    await check(model, real);
  }
  toString(): string {
    return `create(${this.amount} ${this.currency}, ${this.card?.number}, confirm=${this.confirm}, manual=${this.manual}, incremental=${this.incremental})`;
  }
}

class Update extends IntentStep {
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

class Confirm extends IntentStep {
  constructor(pick: number, readonly card: TestCard | null) {
    super(pick);
  }
  async act(m: ModelIntent, _: Model, real: Real): Promise<void> {
    const send = () => real.c.post(`/v1/payment_intents/${m.id}/confirm`, this.card ? { payment_method: pmOf(this.card) } : {});
    const card = this.card ?? m.card;
    if (!EDITABLE.includes(m.status) || card === null || (this.card === null && m.saved !== null)) return refused(real, send);
    await send();
    charge(m, card, { authenticated: false, offSession: false, setUp: false });
  }
  toString(): string {
    return `confirm(#${this.pick}, ${this.card?.number})`;
  }
}

class Authenticate extends IntentStep {
  constructor(pick: number, readonly success: boolean) {
    super(pick);
  }
  async act(m: ModelIntent, _: Model, real: Real): Promise<void> {
    const send = () => real.c.post(`/v1/test_helpers/payment_intents/${m.id}/authenticate`, { outcome: this.success ? 'success' : 'failure' });
    if (m.status !== 'requires_action') return refused(real, send);
    expect((await send()).status).toBe(200);
    if (this.success) charge(m, m.card!, { authenticated: true, offSession: false, setUp: false });
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

class Capture extends IntentStep {
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
    m.disputed = disputes(m.card!);
  }
  toString(): string {
    return `capture(#${this.pick}, ${this.portion})`;
  }
}

class Increment extends IntentStep {
  constructor(pick: number, readonly by: number) {
    super(pick);
  }
  async act(m: ModelIntent, _: Model, real: Real): Promise<void> {
    const amount = m.amount + this.by;
    const send = () => real.c.post(`/v1/payment_intents/${m.id}/increment_authorization`, { amount });
    const eligible = m.status === 'requires_capture' && m.incremental && INCREMENTAL_BRANDS.includes(m.card!.brand) && m.increments < 10;
    if (!eligible || this.by <= 0) return refused(real, send);
    expect((await send()).status).toBe(200);
    m.amount = amount;
    m.capturable = amount;
    m.increments++;
  }
  toString(): string {
    return `increment(#${this.pick}, +${this.by})`;
  }
}

class Cancel extends IntentStep {
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

class Refund extends IntentStep {
  constructor(pick: number, readonly portion: Portion) {
    super(pick);
  }
  async act(m: ModelIntent, _: Model, real: Real): Promise<void> {
    const refundable = m.received - m.refunded;
    const requested = portion(this.portion, refundable);
    const send = () => real.c.post('/v1/refunds', { payment_intent: m.id, ...(requested !== null && { amount: requested }) });
    const amount = requested ?? refundable;
    if (m.status !== 'succeeded' || m.disputed || refundable === 0 || amount > refundable) return refused(real, send);
    expect((await send()).status).toBe(200);
    m.refunded += amount;
  }
  toString(): string {
    return `refund(#${this.pick}, ${this.portion})`;
  }
}

/** A SetupIntent for the model's customer, confirmed with a catalogue card. */
class SetUp implements Command {
  constructor(readonly card: TestCard) {}
  check(): boolean {
    return true;
  }
  async run(model: Model, real: Real): Promise<void> {
    const res = await real.c.post('/v1/setup_intents', { customer: model.customer, payment_method: pmOf(this.card), confirm: true });
    const refusedAtSetup = Boolean(this.card.attachDecline || this.card.risk === 'highest' || this.card.checks?.cvc === 'fail');
    expect(res.status).toBe(refusedAtSetup ? 402 : 200);
    const si = refusedAtSetup ? res.body.error.setup_intent : res.body;
    const status = refusedAtSetup ? 'requires_payment_method' : needs3DS(this.card, false, false) ? 'requires_action' : 'succeeded';
    model.setups.push({ id: si.id, card: this.card, status });
    if (status === 'succeeded') model.saved.push({ pm: si.payment_method, card: this.card });
    await check(model, real);
  }
  toString(): string {
    return `setUp(${this.card.number})`;
  }
}

class AuthenticateSetup extends Step<ModelSetup> {
  constructor(pick: number, readonly success: boolean) {
    super(pick);
  }
  pool(m: Readonly<Model>): readonly ModelSetup[] {
    return m.setups;
  }
  async act(s: ModelSetup, model: Model, real: Real): Promise<void> {
    const send = () => real.c.post(`/v1/test_helpers/setup_intents/${s.id}/authenticate`, { outcome: this.success ? 'success' : 'failure' });
    if (s.status !== 'requires_action') return refused(real, send);
    const si = (await send()).body;
    s.status = this.success ? 'succeeded' : 'requires_payment_method';
    if (this.success) model.saved.push({ pm: si.payment_method, card: s.card });
  }
  toString(): string {
    return `authenticateSetup(#${this.pick}, ${this.success})`;
  }
}

/** An off-session payment with a saved card: succeeds, or fails (authentication_required, a decline). */
class OffSession extends Step<SavedCard> {
  constructor(pick: number, readonly amount: number, readonly currency: Currency, readonly manual: boolean) {
    super(pick);
  }
  pool(m: Readonly<Model>): readonly SavedCard[] {
    return m.saved;
  }
  async act(saved: SavedCard, model: Model, real: Real): Promise<void> {
    const res = await real.c.post('/v1/payment_intents', {
      amount: this.amount,
      currency: this.currency,
      customer: model.customer,
      payment_method: saved.pm,
      capture_method: this.manual ? 'manual' : 'automatic',
      off_session: true,
      confirm: true,
    });
    const id = res.status === 402 ? res.body.error.payment_intent.id : res.body.id;
    const m = newIntent(id, this.amount, this.currency, this.manual, false);
    m.saved = saved;
    charge(m, saved.card, { authenticated: false, offSession: true, setUp: true });
    expect(res.status).toBe(m.status === 'requires_payment_method' ? 402 : 200);
    model.intents.push(m);
  }
  toString(): string {
    return `offSession(#${this.pick}, ${this.amount} ${this.currency}, manual=${this.manual})`;
  }
}

/** A Charges API charge with a catalogue card, captured now or held. */
class LegacyCharge implements Command {
  constructor(readonly amount: number, readonly currency: Currency, readonly card: TestCard, readonly capture: boolean) {}
  check(): boolean {
    return true;
  }
  async run(model: Model, real: Real): Promise<void> {
    const res = await real.c.post('/v1/charges', { amount: this.amount, currency: this.currency, source: pmOf(this.card), capture: this.capture });
    const declined = needs3DS(this.card, false, false) || declines(this.card, false);
    expect(res.status).toBe(declined ? 402 : 200);
    if (!declined) {
      model.charges.push({
        id: res.body.id,
        amount: this.amount,
        currency: this.currency,
        card: this.card,
        captured: this.capture ? this.amount : null,
        released: false,
        refunded: 0,
        disputed: this.capture && disputes(this.card),
      });
    }
    await check(model, real);
  }
  toString(): string {
    return `legacyCharge(${this.amount} ${this.currency}, ${this.card.number}, capture=${this.capture})`;
  }
}

abstract class ChargeStep extends Step<ModelCharge> {
  pool(m: Readonly<Model>): readonly ModelCharge[] {
    return m.charges;
  }
}

class LegacyCapture extends ChargeStep {
  constructor(pick: number, readonly portion: Portion) {
    super(pick);
  }
  async act(m: ModelCharge, _: Model, real: Real): Promise<void> {
    const requested = portion(this.portion, m.amount);
    const send = () => real.c.post(`/v1/charges/${m.id}/capture`, requested === null ? {} : { amount: requested });
    const amount = requested ?? m.amount;
    if (m.captured !== null || m.released || amount > m.amount) return refused(real, send);
    expect((await send()).status).toBe(200);
    m.captured = amount;
    m.disputed = disputes(m.card);
  }
  toString(): string {
    return `legacyCapture(#${this.pick}, ${this.portion})`;
  }
}

class LegacyRefund extends ChargeStep {
  constructor(pick: number, readonly portion: Portion) {
    super(pick);
  }
  async act(m: ModelCharge, _: Model, real: Real): Promise<void> {
    if (m.captured === null) {
      // An uncaptured charge: a refund releases the whole authorization, once.
      const send = () => real.c.post('/v1/refunds', { charge: m.id });
      if (m.released) return refused(real, send);
      expect((await send()).status).toBe(200);
      m.released = true;
      return;
    }
    const refundable = m.captured - m.refunded;
    const requested = portion(this.portion, refundable);
    const send = () => real.c.post('/v1/refunds', { charge: m.id, ...(requested !== null && { amount: requested }) });
    const amount = requested ?? refundable;
    if (m.disputed || refundable === 0 || amount > refundable) return refused(real, send);
    expect((await send()).status).toBe(200);
    m.refunded += amount;
  }
  toString(): string {
    return `legacyRefund(#${this.pick}, ${this.portion})`;
  }
}

// Weighted towards cards that succeed, so sequences often reach capture and refund; any card of the catalogue otherwise.
const card = fc.oneof({ weight: 3, arbitrary: fc.constant(VISA) }, { weight: 2, arbitrary: fc.constantFrom(...CARDS) });
const amount = fc.integer({ min: 50, max: 10_000 });
const currency = fc.constantFrom(...CURRENCIES);
const portionArb = fc.constantFrom<Portion>('omit', 'half', 'exact', 'over');
const commands = [
  fc.tuple(amount, currency, fc.option(card), fc.boolean(), fc.boolean(), fc.boolean()).map(([a, cur, c, confirm, manual, inc]) => new Create(a, cur, c, confirm, manual, inc)),
  fc.tuple(fc.nat(), amount).map(([p, a]) => new Update(p, a)),
  fc.tuple(fc.nat(), fc.option(card)).map(([p, c]) => new Confirm(p, c)),
  fc.tuple(fc.nat(), fc.boolean()).map(([p, s]) => new Authenticate(p, s)),
  fc.tuple(fc.nat(), portionArb).map(([p, a]) => new Capture(p, a)),
  fc.tuple(fc.nat(), fc.integer({ min: -100, max: 5_000 })).map(([p, by]) => new Increment(p, by)),
  fc.nat().map((p) => new Cancel(p)),
  fc.tuple(fc.nat(), portionArb).map(([p, a]) => new Refund(p, a)),
  card.map((c) => new SetUp(c)),
  fc.tuple(fc.nat(), fc.boolean()).map(([p, s]) => new AuthenticateSetup(p, s)),
  fc.tuple(fc.nat(), amount, currency, fc.boolean()).map(([p, a, cur, manual]) => new OffSession(p, a, cur, manual)),
  fc.tuple(amount, currency, card, fc.boolean()).map(([a, cur, c, capture]) => new LegacyCharge(a, cur, c, capture)),
  fc.tuple(fc.nat(), portionArb).map(([p, a]) => new LegacyCapture(p, a)),
  fc.tuple(fc.nat(), portionArb).map(([p, a]) => new LegacyRefund(p, a)),
];

async function setup(): Promise<{ model: Model; real: Real }> {
  const c = client();
  const customer = (await c.post('/v1/customers', { email: 'model@example.com' })).body.id as string;
  return { model: { customer, intents: [], setups: [], saved: [], charges: [] }, real: { c } };
}

it('the simulator follows the reference model, and its invariants hold after every step', async () => {
  await fc.assert(
    fc.asyncProperty(fc.commands(commands, { maxCommands: 30, size: 'max' }), async (cmds) => {
      const { model, real } = await setup();
      await fc.asyncModelRun(() => ({ model, real }), cmds);
    }),
    { numRuns: 200 },
  );
});

it('every card of the catalogue follows the model: paid on session, saved, charged off session, and through the Charges API', async () => {
  for (const c of CARDS) {
    const { model, real } = await setup();
    const steps: Command[] = [
      new Create(1_000, 'usd', c, true, false, false),
      new Authenticate(0, true),
      new Create(1_000, 'eur', c, true, true, true),
      new Increment(1, 250),
      new Capture(1, 'omit'),
      new SetUp(c),
      new AuthenticateSetup(0, true),
      new OffSession(0, 700, 'eur', false),
      new LegacyCharge(900, 'usd', c, true),
      new LegacyRefund(0, 'half'),
    ];
    await fc.asyncModelRun(() => ({ model, real }), steps);
    expect(model.intents.length).toBeGreaterThanOrEqual(2);
  }
});
