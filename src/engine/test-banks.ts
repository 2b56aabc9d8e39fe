/**
 * The external accounts a payout can go to in test mode (the live API's Connect testing docs), as
 * one data table: the US test routing number with its account numbers, the EUR test IBANs, the
 * `btok_*` bank tokens, and the debit cards that take payouts. Each row says how a payout to it
 * ends: paid, or failed with a `failure_code`. `docs/money-out.md` lists them.
 */

/** How a payout to an external account ends. */
export type PayoutFailure = 'no_account' | 'account_closed' | 'insufficient_funds' | 'debit_not_authorized' | 'invalid_currency';

export interface TestBankAccount {
  readonly country: string;
  readonly currency: string;
  /** The routing number (US) or null for an IBAN. */
  readonly routingNumber: string | null;
  /** The account number or the IBAN. */
  readonly accountNumber: string;
  /** The `btok_*` token that stands for it, if any. */
  readonly token: string | null;
  readonly failure: PayoutFailure | null;
  readonly description: string;
}

export const TEST_ROUTING_NUMBER = '110000000';

/** The message a failed payout carries for each code (the live API's `failure_message`). */
export const PAYOUT_FAILURES: Readonly<Record<PayoutFailure, string>> = {
  no_account: 'The bank account details on file are probably incorrect. No bank account could be located with those details.',
  account_closed: 'The bank account has been closed.',
  insufficient_funds: 'Your Onerway account has insufficient funds to cover the payout.',
  debit_not_authorized: 'Debit transactions are not approved on the bank account. (Onerway requires bank accounts to be set up for both credit and debit payouts.)',
  invalid_currency: 'The bank was unable to process this payout because of its currency. This is probably because the bank account cannot accept payments in that currency.',
};

const us = (accountNumber: string, token: string, failure: PayoutFailure | null, description: string): TestBankAccount => ({
  country: 'US', currency: 'usd', routingNumber: TEST_ROUTING_NUMBER, accountNumber, token, failure, description,
});
const de = (iban: string, failure: PayoutFailure | null, description: string): TestBankAccount => ({
  country: 'DE', currency: 'eur', routingNumber: null, accountNumber: iban, token: null, failure, description,
});

export const TEST_BANK_ACCOUNTS: readonly TestBankAccount[] = [
  us('000123456789', 'btok_us_verified', null, 'Payout succeeds'),
  us('000111111116', 'btok_us_verified_noAccount', 'no_account', 'Payout fails: no_account'),
  us('000111111113', 'btok_us_verified_accountClosed', 'account_closed', 'Payout fails: account_closed'),
  us('000222222227', 'btok_us_verified_insufficientFunds', 'insufficient_funds', 'Payout fails: insufficient_funds'),
  us('000333333335', 'btok_us_verified_debitNotAuthorized', 'debit_not_authorized', 'Payout fails: debit_not_authorized'),
  us('000444444440', 'btok_us_verified_invalidCurrency', 'invalid_currency', 'Payout fails: invalid_currency'),
  de('DE89370400440532013000', null, 'Payout succeeds'),
  de('DE62370400440532013001', 'no_account', 'Payout fails: no_account'),
  de('DE89370400440532013002', 'account_closed', 'Payout fails: account_closed'),
  de('DE89370400440532013003', 'insufficient_funds', 'Payout fails: insufficient_funds'),
  de('DE89370400440532013004', 'debit_not_authorized', 'Payout fails: debit_not_authorized'),
  de('DE89370400440532013005', 'invalid_currency', 'Payout fails: invalid_currency'),
];

/** Debit cards that take payouts, standard and instant (by their card tokens). */
export const PAYOUT_DEBIT_CARDS: ReadonlyMap<string, { readonly brand: string; readonly last4: string }> = new Map([
  ['tok_visa_debit', { brand: 'Visa', last4: '5556' }],
  ['tok_mastercard_debit', { brand: 'MasterCard', last4: '8210' }],
]);

export const BANKS_BY_TOKEN: ReadonlyMap<string, TestBankAccount> = new Map(TEST_BANK_ACCOUNTS.filter((b) => b.token).map((b) => [b.token!, b]));
export const BANKS_BY_NUMBER: ReadonlyMap<string, TestBankAccount> = new Map(TEST_BANK_ACCOUNTS.map((b) => [b.accountNumber, b]));
