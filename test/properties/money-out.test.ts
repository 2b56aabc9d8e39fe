/**
 * Money conservation with money going out and being contested: random charges (plain, available at
 * once, and the dispute cards), payouts to banks that pay and banks that fail, transfers to two
 * connected accounts, answers to disputes (won, lost, accepted, or left unanswered), and clock
 * moves, in usd and eur. A small model keeps each account's ledger on its own timeline; after
 * every step each account's available plus pending balance, in each currency, must equal what came
 * in minus what went out and the fees.
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { client, stateOf, type Client } from '../helpers/sim.js';

const CURRENCIES = ['usd', 'eur'] as const;
type Currency = (typeof CURRENCIES)[number];
const CARDS = ['pm_card_visa', 'pm_card_bypassPending', 'pm_card_createDispute', 'pm_card_createDisputeInquiry', 'pm_card_createMultipleDisputes'] as const;
type Card = (typeof CARDS)[number];
const DISPUTE_FEE = 1500;
const REVIEW = 86_400;
const DUE = 7 * 86_400;
const fee = (amount: number) => Math.round(amount * 0.029) + 30;

interface ModelDispute {
  id: string;
  actor: number;
  currency: Currency;
  amount: number;
  chargeback: boolean;
  reopens: boolean;
  charge: string;
  status: 'open' | 'review' | 'closed';
}
interface Model {
  /** The expected total (available + pending) of each actor, by currency. */
  totals: Record<Currency, number>[];
  disputes: ModelDispute[];
  /** Things due on the simulated clock, as the model sees them. */
  timeline: { at: number; seq: number; run: () => void }[];
  seq: number;
}
interface Real {
  c: Client;
  /** Actor 0 is the platform; 1 and 2 are connected accounts. */
  accounts: [null, string, string];
  /** Each actor's bank accounts per currency: one that pays, one that fails. */
  banks: Record<Currency, { paid: string; failed: string }>[];
}

const now = (r: Real) => Math.floor(r.c.sim.clock.now() / 1000);
const headers = (r: Real, actor: number): Record<string, string> => (actor === 0 ? {} : { 'Onerway-Account': r.accounts[actor as 1 | 2] });
const at = (m: Model, when: number, run: () => void) => m.timeline.push({ at: when, seq: m.seq++, run });

async function totalOf(r: Real, actor: number, currency: Currency): Promise<number> {
  const b = (await r.c.get('/v1/balance', headers(r, actor))).body;
  const sum = (xs: { amount: number; currency: string }[]) => xs.filter((x) => x.currency === currency).reduce((t, x) => t + x.amount, 0);
  return sum(b.available) + sum(b.pending);
}
async function availableOf(r: Real, actor: number, currency: Currency): Promise<number> {
  const b = (await r.c.get('/v1/balance', headers(r, actor))).body;
  return (b.available as { amount: number; currency: string }[]).filter((x) => x.currency === currency).reduce((t, x) => t + x.amount, 0);
}

async function check(m: Model, r: Real): Promise<void> {
  for (let actor = 0; actor < 3; actor++) {
    for (const currency of CURRENCIES) expect([actor, currency, await totalOf(r, actor, currency)]).toEqual([actor, currency, m.totals[actor]![currency]]);
  }
}

/** A dispute ends: a win reinstates amount and fee; a card that disputes again opens the next one. */
function close(m: Model, d: ModelDispute, won: boolean, when: number): void {
  d.status = 'closed';
  if (won && d.chargeback) m.totals[d.actor]![d.currency] += d.amount + DISPUTE_FEE;
  if (d.reopens) open(m, { ...d, id: '', reopens: false, chargeback: true, status: 'open' }, when);
}

function open(m: Model, d: ModelDispute, when: number): void {
  m.disputes.push(d);
  if (d.chargeback) m.totals[d.actor]![d.currency] -= d.amount + DISPUTE_FEE;
  at(m, when + DUE, () => {
    if (d.status === 'open') close(m, d, false, when + DUE);
  });
}

/** Learns the id of each dispute the model opened from the simulator (they are listed per charge). */
async function learnIds(m: Model, r: Real): Promise<void> {
  for (const d of m.disputes.filter((x) => x.id === '')) {
    const listed = (await r.c.get(`/v1/disputes?charge=${d.charge}`, headers(r, d.actor))).body.data as { id: string }[];
    const known = new Set(m.disputes.map((x) => x.id));
    d.id = listed.find((x) => !known.has(x.id))!.id;
  }
}

type Command = fc.AsyncCommand<Model, Real>;

class Charge implements Command {
  constructor(readonly actor: number, readonly currency: Currency, readonly amount: number, readonly card: Card) {}
  check = () => true;
  async run(m: Model, r: Real): Promise<void> {
    const res = await r.c.post('/v1/payment_intents', { amount: this.amount, currency: this.currency, payment_method: this.card, confirm: true }, headers(r, this.actor));
    expect(res.status).toBe(200);
    m.totals[this.actor]![this.currency] += this.amount - fee(this.amount);
    if (this.card.includes('Dispute')) {
      const chargeback = this.card !== 'pm_card_createDisputeInquiry';
      open(m, { id: '', actor: this.actor, currency: this.currency, amount: this.amount, chargeback, reopens: this.card === 'pm_card_createMultipleDisputes', charge: res.body.latest_charge, status: 'open' }, now(r));
      await learnIds(m, r);
    }
    await check(m, r);
  }
  toString = () => `charge(#${this.actor}, ${this.amount} ${this.currency}, ${this.card})`;
}

class Payout implements Command {
  constructor(readonly actor: number, readonly currency: Currency, readonly share: number, readonly fails: boolean) {}
  check = () => true;
  async run(m: Model, r: Real): Promise<void> {
    const available = await availableOf(r, this.actor, this.currency);
    const amount = Math.floor(available * this.share);
    const banks = r.banks[this.actor]![this.currency];
    const send = () => r.c.post('/v1/payouts', { amount, currency: this.currency, destination: this.fails ? banks.failed : banks.paid }, headers(r, this.actor));
    if (amount < 1) {
      const before = stateOf(r.c.sim);
      expect((await send()).status).toBe(400);
      expect(stateOf(r.c.sim)).toBe(before);
      return;
    }
    const po = (await send()).body;
    expect(po.status).toBe('pending');
    m.totals[this.actor]![this.currency] -= amount;
    if (this.fails) at(m, po.arrival_date, () => (m.totals[this.actor]![this.currency] += amount));
    await check(m, r);
  }
  toString = () => `payout(#${this.actor}, ${this.share} of ${this.currency}, fails=${this.fails})`;
}

class Transfer implements Command {
  constructor(readonly to: 1 | 2, readonly currency: Currency, readonly share: number) {}
  check = () => true;
  async run(m: Model, r: Real): Promise<void> {
    const amount = Math.floor((await availableOf(r, 0, this.currency)) * this.share);
    if (amount < 1) return;
    const res = await r.c.post('/v1/transfers', { amount, currency: this.currency, destination: r.accounts[this.to] });
    expect(res.status).toBe(200);
    m.totals[0]![this.currency] -= amount;
    m.totals[this.to]![this.currency] += amount;
    await check(m, r);
  }
  toString = () => `transfer(→#${this.to}, ${this.share} of ${this.currency})`;
}

class Answer implements Command {
  constructor(readonly pick: number, readonly answer: 'win' | 'lose' | 'accept') {}
  check = (m: Readonly<Model>) => m.disputes.length > 0;
  async run(m: Model, r: Real): Promise<void> {
    const d = m.disputes[this.pick % m.disputes.length]!;
    const path = this.answer === 'accept' ? `/v1/disputes/${d.id}/close` : `/v1/disputes/${d.id}`;
    const body = this.answer === 'accept' ? {} : { evidence: { uncategorized_text: this.answer === 'win' ? 'winning_evidence' : 'losing_evidence' } };
    if (d.status !== 'open') {
      const before = stateOf(r.c.sim);
      expect((await r.c.post(path, body, headers(r, d.actor))).status).toBe(400);
      expect(stateOf(r.c.sim)).toBe(before);
      return;
    }
    expect((await r.c.post(path, body, headers(r, d.actor))).status).toBe(200);
    if (this.answer === 'accept') close(m, d, false, now(r));
    else {
      d.status = 'review';
      const reviewAt = now(r) + REVIEW;
      at(m, reviewAt, () => close(m, d, this.answer === 'win', reviewAt));
    }
    await learnIds(m, r);
    await check(m, r);
  }
  toString = () => `answer(#${this.pick}, ${this.answer})`;
}

class Advance implements Command {
  constructor(readonly seconds: number) {}
  check = () => true;
  async run(m: Model, r: Real): Promise<void> {
    const target = now(r) + this.seconds;
    await r.c.sim.clock.advance(this.seconds * 1000);
    // The model runs what falls due on the way, in time order (what it runs may add more).
    for (;;) {
      const due = m.timeline.filter((t) => t.at <= target).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      m.timeline.splice(m.timeline.indexOf(due), 1);
      due.run();
    }
    await learnIds(m, r);
    await check(m, r);
  }
  toString = () => `advance(${this.seconds}s)`;
}

const currency = fc.constantFrom(...CURRENCIES);
const share = fc.constantFrom(0, 0.25, 0.5, 1);
const commands = [
  fc.tuple(fc.integer({ min: 0, max: 2 }), currency, fc.integer({ min: 100, max: 20_000 }), fc.constantFrom(...CARDS)).map(([a, cur, amt, card]) => new Charge(a, cur, amt, card)),
  fc.tuple(fc.integer({ min: 0, max: 2 }), currency, share, fc.boolean()).map(([a, cur, s, f]) => new Payout(a, cur, s, f)),
  fc.tuple(fc.constantFrom<1 | 2>(1, 2), currency, share).map(([to, cur, s]) => new Transfer(to, cur, s)),
  fc.tuple(fc.nat(), fc.constantFrom('win' as const, 'lose' as const, 'accept' as const)).map(([p, a]) => new Answer(p, a)),
  fc.constantFrom(3600, 86_400, 2 * 86_400, 8 * 86_400).map((s) => new Advance(s)),
];

async function setup(): Promise<{ model: Model; real: Real }> {
  const c = client({ now: '2025-03-03T09:00:00Z' });
  const accounts: [null, string, string] = [null, (await c.post('/v1/accounts', { type: 'custom' })).body.id, (await c.post('/v1/accounts', { type: 'custom' })).body.id];
  const me = (await c.get('/v1/account')).body.id as string;
  const banks: Real['banks'] = [];
  for (const account of [me, accounts[1], accounts[2]]) {
    const add = async (external_account: unknown) => (await c.post(`/v1/accounts/${account}/external_accounts`, { external_account })).body.id as string;
    banks.push({
      usd: { paid: await add('btok_us_verified'), failed: await add('btok_us_verified_noAccount') },
      eur: {
        paid: await add({ object: 'bank_account', country: 'DE', currency: 'eur', account_number: 'DE89370400440532013000' }),
        failed: await add({ object: 'bank_account', country: 'DE', currency: 'eur', account_number: 'DE89370400440532013004' }),
      },
    });
  }
  const zero = () => ({ usd: 0, eur: 0 });
  return { model: { totals: [zero(), zero(), zero()], disputes: [], timeline: [], seq: 0 }, real: { c, accounts, banks } };
}

it('each account keeps what came in, less what went out and the fees, through payouts, failures, disputes and transfers', async () => {
  await fc.assert(
    fc.asyncProperty(fc.commands(commands, { maxCommands: 25, size: 'max' }), async (cmds) => {
      const { model, real } = await setup();
      await fc.asyncModelRun(() => ({ model, real }), cmds);
    }),
    { numRuns: 100 },
  );
});
