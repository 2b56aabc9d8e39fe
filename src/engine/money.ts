/**
 * Currencies and amounts (reference §9.6, §4.4): which currencies exist, their minimum and
 * maximum charge amounts, how amounts read in messages ("$1.50"), the processing fee and the
 * day pending funds become available.
 */
import { invalidRequest } from './errors.js';

/** Minimum charge amounts in minor units (reference §9.6); other currencies default to 50. */
const MINIMUMS: Readonly<Record<string, number>> = {
  usd: 50, aed: 200, aud: 50, bgn: 100, brl: 50, cad: 50, chf: 50, czk: 1500, dkk: 250, eur: 50, gbp: 30, hkd: 400,
  huf: 17500, inr: 50, jpy: 50, mxn: 1000, myr: 200, nok: 300, nzd: 50, pln: 200, ron: 200, sek: 300, sgd: 50, thb: 1000,
};

/** Currencies whose amounts are whole units. */
const ZERO_DECIMAL = new Set(['bif', 'clp', 'djf', 'gnf', 'jpy', 'kmf', 'krw', 'mga', 'pyg', 'rwf', 'ugx', 'vnd', 'vuv', 'xaf', 'xof', 'xpf']);

export const CURRENCIES: readonly string[] = [...new Set([...Object.keys(MINIMUMS), ...ZERO_DECIMAL, 'cny', 'idr', 'php', 'twd', 'zar', 'ils', 'try', 'krw'])].sort();
const KNOWN = new Set(CURRENCIES);

const SYMBOLS: Readonly<Record<string, string>> = { usd: '$', eur: '€', gbp: '£', jpy: '¥', aud: 'A$', cad: 'CA$', cny: 'CN¥', inr: '₹' };

/** The currency in lower case, or `Invalid currency` naming the supported ones. */
export function checkCurrency(raw: string, param = 'currency'): string {
  const currency = raw.toLowerCase();
  if (!KNOWN.has(currency)) {
    throw invalidRequest(`Invalid currency: ${raw}. Onerway currently supports these currencies: ${CURRENCIES.join(', ')}`, { param });
  }
  return currency;
}

export function isZeroDecimal(currency: string): boolean {
  return ZERO_DECIMAL.has(currency);
}

/** "$1.50", "¥150", "12.00 sek": how amounts read inside error messages. */
export function formatMoney(amount: number, currency: string): string {
  const negative = amount < 0 ? '-' : '';
  const abs = Math.abs(amount);
  const text = isZeroDecimal(currency)
    ? abs.toLocaleString('en-US')
    : `${Math.floor(abs / 100).toLocaleString('en-US')}.${String(abs % 100).padStart(2, '0')}`;
  const symbol = SYMBOLS[currency];
  return symbol ? `${negative}${symbol}${text}` : `${negative}${text} ${currency}`;
}

/** The largest amount: eight digits (reference §9.6). */
export const MAX_AMOUNT = 99_999_999;

/** Checks a charge amount against the currency's minimum and the eight-digit maximum. */
export function checkChargeAmount(amount: number, currency: string, param = 'amount'): void {
  const minimum = MINIMUMS[currency] ?? 50;
  if (amount < minimum) {
    throw invalidRequest(`Amount must be at least ${formatMoney(minimum, currency)} ${currency}`, { code: 'amount_too_small', param });
  }
  if (amount > MAX_AMOUNT) {
    throw invalidRequest(`Amount must be no more than ${formatMoney(MAX_AMOUNT, currency)}`, { code: 'amount_too_large', param });
  }
}

/** The processing fee of a charge: 2.9% + 30 minor units, as Stripe's US test pricing (§4.4). */
export function processingFee(amount: number): number {
  return Math.round(amount * 0.029) + 30;
}

const DAY = 86_400;

/** When a charge's funds become available: its day at 00:00 UTC plus two days (§4.4), or the account's `delay_days`. */
export function availableOn(createdSeconds: number, delayDays = 2): number {
  return Math.floor(createdSeconds / DAY) * DAY + delayDays * DAY;
}

/** An amount of one currency in a balance (the Balance object's lists, a connected account's funds). */
export interface BalanceAmount {
  amount: number;
  currency: string;
  source_types: { card: number };
}
