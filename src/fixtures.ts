/**
 * Fixtures (docs/fixtures.md): a starting state in one call, built through the API itself so it
 * obeys every rule a test's own requests do: customers with saved cards, succeeded, refunded and
 * disputed payments, funds available now, a connected account.
 */
import { SimulatorUsageError } from './engine/clock.js';
import type { Account } from './engine/resources/accounts.js';
import type { Customer, PaymentIntent, PaymentMethod } from './engine/resources/objects.js';
import { processingFee } from './engine/money.js';
import type { WireRequest, WireResponse } from './wire/types.js';

export interface FixtureSpec {
  /** Customers, each with saved cards (`pm_card_*` ids; the first becomes the default). */
  customers?: ReadonlyArray<{ email?: string; name?: string; metadata?: Record<string, string>; cards?: readonly string[] }>;
  /** Payments, in order. `customer` is an index into `customers` (its default card pays). */
  payments?: ReadonlyArray<{
    customer?: number;
    card?: string;
    amount?: number;
    currency?: string;
    /** `'manual'` leaves the payment authorized, waiting for capture. */
    capture?: 'automatic' | 'manual';
    /** Opens a dispute on the charge (with a dispute test card). */
    disputed?: boolean;
    /** Refund all (`true`) or part (an amount) of it. */
    refunded?: boolean | number;
    metadata?: Record<string, string>;
  }>;
  /** Make at least this much (usd unless given) available in the balance now, with cards that bypass pending. */
  availableFunds?: number | { amount: number; currency?: string };
  /** A connected account to transfer to. */
  connectedAccount?: boolean | { email?: string; country?: string };
}

export interface Fixtures {
  customers: Customer[];
  /** Each customer's saved cards, in the order given. */
  cards: PaymentMethod[][];
  payments: PaymentIntent[];
  account: Account | null;
}

type Send = (req: WireRequest) => WireResponse;

/** The smallest charge whose net (after the 2.9% + 30 fee) is at least `net`. */
function grossFor(net: number): number {
  let gross = Math.max(50, Math.ceil((net + 30) / 0.971) - 2);
  while (gross - processingFee(gross) < net) gross++;
  return gross;
}

/** A caller of the API through the pipeline, as the test's own requests are made; a refusal throws. */
export function apiCaller(send: Send, secretKey: string, what: string) {
  /** `path` may carry a `?query`; a status other than 200 or `alsoAccept` is a usage error. */
  return <T>(method: string, path: string, body?: unknown, alsoAccept?: number): T => {
    const text = body === undefined ? '' : JSON.stringify(body);
    const at = path.indexOf('?');
    const res = send({
      method,
      path: at < 0 ? path : path.slice(0, at),
      query: at < 0 ? '' : path.slice(at + 1),
      headers: { authorization: `Bearer ${secretKey}`, 'content-type': 'application/json' },
      body: text,
      bodyBytes: text.length,
      urlBytes: path.length + 30,
    });
    const parsed = JSON.parse(res.body);
    if (res.status !== 200 && res.status !== alsoAccept) throw new SimulatorUsageError(`onerway-sim: ${what}: ${method} ${path} failed (${res.status}): ${parsed.error.message}`);
    return parsed as T;
  };
}

export function buildFixtures(send: Send, secretKey: string, spec: FixtureSpec): Fixtures {
  const call = apiCaller(send, secretKey, 'fixtures');
  const customers: Customer[] = [];
  const cards: PaymentMethod[][] = [];
  for (const c of spec.customers ?? []) {
    const customer = call<Customer>('POST', '/v1/customers', { email: c.email, name: c.name, metadata: c.metadata });
    const saved = (c.cards ?? []).map((card) => call<PaymentMethod>('POST', `/v1/payment_methods/${card}/attach`, { customer: customer.id }));
    customers.push(saved[0] ? call<Customer>('POST', `/v1/customers/${customer.id}`, { invoice_settings: { default_payment_method: saved[0].id } }) : customer);
    cards.push(saved);
  }
  const payments: PaymentIntent[] = [];
  for (const p of spec.payments ?? []) {
    const owner = p.customer === undefined ? undefined : customers[p.customer];
    if (p.customer !== undefined && !owner) throw new SimulatorUsageError(`onerway-sim: fixtures: payments refer to customer ${p.customer}, but there are ${customers.length} customers.`);
    const card = p.disputed ? 'pm_card_createDispute' : (p.card ?? (owner ? cards[p.customer!]![0]?.id : undefined) ?? 'pm_card_visa');
    const pi = call<PaymentIntent>('POST', '/v1/payment_intents', {
      amount: p.amount ?? 2000,
      currency: p.currency ?? 'usd',
      payment_method: card,
      confirm: true,
      capture_method: p.capture ?? 'automatic',
      ...(owner && { customer: owner.id }),
      ...(p.metadata && { metadata: p.metadata }),
    });
    if (p.refunded) call('POST', '/v1/refunds', { payment_intent: pi.id, ...(typeof p.refunded === 'number' && { amount: p.refunded }) });
    payments.push(call<PaymentIntent>('GET', `/v1/payment_intents/${pi.id}`));
  }
  if (spec.availableFunds !== undefined) {
    const { amount, currency = 'usd' } = typeof spec.availableFunds === 'number' ? { amount: spec.availableFunds } : spec.availableFunds;
    call('POST', '/v1/payment_intents', { amount: grossFor(amount), currency, payment_method: 'pm_card_bypassPending', confirm: true, description: 'onerway-sim fixtures: available funds' });
  }
  const accountSpec = spec.connectedAccount === true ? {} : spec.connectedAccount || undefined;
  const account = accountSpec ? call<Account>('POST', '/v1/accounts', accountSpec) : null;
  return { customers, cards, payments, account };
}
