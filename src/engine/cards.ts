/**
 * Card data checks (reference §2.4, §6.3) and what a raw number means. Validation failures are
 * 402 `card_error`s naming the card field, as Stripe reports them when the card is created.
 */
import { civilFromDays } from './clock.js';
import { cardError } from './errors.js';
import { CARDS_BY_NUMBER, CARDS_BY_PAYMENT_METHOD, CARDS_BY_TOKEN, type CardBrand, type TestCard } from './test-cards.js';
import { nearest, orList } from './text.js';

export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** Brand by issuer prefix, for numbers outside the catalogue. */
export function brandOf(digits: string): CardBrand {
  const two = Number(digits.slice(0, 2));
  const four = Number(digits.slice(0, 4));
  if (digits.startsWith('4')) return 'visa';
  if ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) return 'mastercard';
  if (two === 34 || two === 37) return 'amex';
  if (digits.startsWith('6011') || digits.startsWith('65') || (four >= 6440 && four <= 6499)) return 'discover';
  if (two === 36 || two === 38 || two === 39 || (four >= 3000 && four <= 3059)) return 'diners';
  if (two === 35) return 'jcb';
  if (two === 62) return 'unionpay';
  return 'unknown';
}

/** A catalogue card, or a synthetic one that behaves like 4242 (SPEC §6). */
export function cardForNumber(digits: string): TestCard {
  return (
    CARDS_BY_NUMBER.get(digits) ?? {
      number: digits,
      last4: digits.slice(-4),
      paymentMethods: [],
      tokens: [],
      brand: brandOf(digits),
      funding: 'credit',
      country: 'US',
      description: 'Any other valid number: behaves like 4242',
      threeDS: 'none',
    }
  );
}

/** Checks the number; returns its digits (spaces and dashes removed, as card forms send them). */
export function checkNumber(raw: string): string {
  const digits = raw.replace(/[\s-]/g, '');
  if (!/^\d{12,19}$/.test(digits)) {
    throw cardError('invalid_number', 'Your card number is not a valid credit card number.', { param: 'card[number]' });
  }
  if (!luhnValid(digits)) {
    throw cardError('incorrect_number', 'Your card number is incorrect.', { param: 'card[number]' });
  }
  return digits;
}

/** The year and month (1-12) of Unix seconds, in UTC. */
export function yearMonthOf(seconds: number): { year: number; month: number } {
  const { year, month } = civilFromDays(Math.floor(seconds / 86_400));
  return { year, month };
}

/** Whether a card valid through `month`/`year` has expired at `nowSeconds` (it is good to the month's end). */
export function hasExpired(month: number, year: number, nowSeconds: number): boolean {
  const now = yearMonthOf(nowSeconds);
  return year < now.year || (year === now.year && month < now.month);
}

/** Two-digit years mean 20xx, as card forms send them. */
export function fullYear(year: number): number {
  return year < 100 ? 2000 + year : year;
}

/** Refuses a month outside 1-12, a year in the past or more than 50 years ahead, an expired month. */
export function checkExpiry(month: number, year: number, nowSeconds: number): void {
  if (month < 1 || month > 12) {
    throw cardError('invalid_expiry_month', "Your card's expiration month is invalid.", { param: 'card[exp_month]' });
  }
  const now = yearMonthOf(nowSeconds);
  if (year < now.year || year > now.year + 50) {
    throw cardError('invalid_expiry_year', "Your card's expiration year is invalid.", { param: 'card[exp_year]' });
  }
  if (year === now.year && month < now.month) {
    throw cardError('invalid_expiry_month', "Your card's expiration month is invalid.", { param: 'card[exp_month]' });
  }
}

export function checkCvc(cvc: string, brand: CardBrand): void {
  const length = brand === 'amex' ? 4 : 3;
  if (!/^\d+$/.test(cvc) || cvc.length !== length) {
    throw cardError('invalid_cvc', "Your card's security code is invalid.", { param: 'card[cvc]' });
  }
}

/**
 * What the simulator adds to "No such PaymentMethod/token" for an id that looks like a test card
 * but is not one: the nearest ids of the catalogue, and where the whole list is.
 */
export function catalogueHint(id: string): string | undefined {
  const ids = id.startsWith('pm_card_') ? CARDS_BY_PAYMENT_METHOD.keys() : id.startsWith('tok_') ? CARDS_BY_TOKEN.keys() : undefined;
  if (!ids) return undefined;
  const all = [...ids];
  let close = nearest(id, all);
  if (close.length === 0) {
    // `pm_card_chargeDeclined`: the catalogue ids that contain what follows the prefix.
    const word = id.replace(/^(pm_card_|tok_)/, '').toLowerCase();
    close = word.length >= 3 ? all.filter((c) => c.toLowerCase().includes(word)).sort((a, b) => a.length - b.length || (a < b ? -1 : 1)).slice(0, 3) : [];
  }
  const suggestion = close.length > 0 ? ` Did you mean ${orList(close)}?` : '';
  return `. onerway-sim: '${id.slice(0, 100)}' is not a test card of the catalogue.${suggestion} docs/test-cards.md lists every one.`;
}
