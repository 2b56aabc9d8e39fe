/**
 * The test-card catalogue (SPEC §6, reference §6.1–§6.6) as one data table. Behaviour lives in
 * the fields of each row, never in branches on card numbers: a row says which decline a card
 * gives at attach or at charge, whether it needs 3DS, what Radar and the address/CVC checks
 * say, and how its funds and refunds behave. `docs/test-cards.md` is generated from this table.
 */
import type { DeclineName } from './declines.js';

export type CardBrand =
  | 'amex'
  | 'cartes_bancaires'
  | 'diners'
  | 'discover'
  | 'eftpos_au'
  | 'jcb'
  | 'mastercard'
  | 'unionpay'
  | 'visa'
  | 'unknown';
export type CardFunding = 'credit' | 'debit' | 'prepaid' | 'unknown';

export { DECLINES, type Decline, type DeclineName } from './declines.js';

/** How a card meets 3D Secure (reference §6.4). */
export type ThreeDS =
  /** Never prompts (enrolled or not). */
  | 'none'
  /** Supported, not required: succeeds without `requires_action`. */
  | 'optional'
  /** Always `requires_action`, on and off session (off session: `authentication_required`). */
  | 'required'
  /** On session `requires_action`; off session `authentication_required` unless set up. */
  | 'required_on_setup'
  /** Already set up: off session succeeds, on session requires authentication. */
  | 'required_set_up_for_off_session'
  /** Not supported: proceeds without authentication. */
  | 'not_supported';

export type CheckResult = 'pass' | 'fail' | 'unavailable';

export interface TestCard {
  /** The raw number, or null for the few cards that exist only as tokens. */
  readonly number: string | null;
  readonly last4: string;
  /** `pm_card_*` ids (the first is the canonical one). */
  readonly paymentMethods: readonly string[];
  /** `tok_*` ids. */
  readonly tokens: readonly string[];
  readonly brand: CardBrand;
  readonly funding: CardFunding;
  readonly country: string;
  readonly description: string;
  /** Refused when attached to a customer, and when charged (reference §6.2). */
  readonly attachDecline?: DeclineName;
  /** Attaches fine, declined when charged. */
  readonly chargeDecline?: DeclineName;
  readonly threeDS: ThreeDS;
  /** The decline after a successful authentication. */
  readonly declineAfterAuth?: DeclineName;
  /** Radar's risk level; `highest` is blocked by the default rules. */
  readonly risk?: 'elevated' | 'highest';
  /** Check results when the datum is supplied (else `null`, or `unchecked` for a fresh CVC). */
  readonly checks?: { readonly cvc?: CheckResult; readonly postalCode?: CheckResult; readonly line1?: CheckResult };
  /** Funds are available at once instead of pending (reference §4.4). */
  readonly bypassPending?: true;
  /** Refund behaviour (reference §5.4). */
  readonly refund?: 'pending_then_succeeded' | 'succeeded_then_failed';
  /** A dispute opened after the charge succeeds (reference §6.5). */
  readonly dispute?:
    | 'fraudulent'
    | 'product_not_received'
    | 'inquiry'
    | 'early_fraud_warning'
    | 'multiple'
    | 'ce3_eligible'
    | 'compliance';
}

type Extra = Partial<Omit<TestCard, 'number' | 'last4' | 'brand' | 'funding' | 'country' | 'description'>>;

function card(
  number: string,
  brand: CardBrand,
  funding: CardFunding,
  country: string,
  description: string,
  extra: Extra = {},
): TestCard {
  const paymentMethods = extra.paymentMethods ?? [];
  return {
    number,
    last4: number.slice(-4),
    brand,
    funding,
    country,
    description,
    threeDS: 'none',
    ...extra,
    paymentMethods,
    // Every pm_card_X has the token tok_X, as Stripe's do.
    tokens: extra.tokens ?? paymentMethods.map((pm) => `tok_${pm.slice('pm_card_'.length)}`),
  };
}

function tokenOnly(token: string, last4: string, brand: CardBrand, funding: CardFunding, description: string, extra: Extra): TestCard {
  return { number: null, last4, paymentMethods: [], tokens: [token], brand, funding, country: 'US', description, threeDS: 'none', ...extra };
}

const visa = (n: string, d: string, e: Extra = {}) => card(n, 'visa', 'credit', 'US', d, e);
const pm = (...ids: string[]) => ({ paymentMethods: ids });

/** Visa cards by country (reference §6.1): [ISO code, number]. */
const COUNTRY_CARDS: ReadonlyArray<readonly [string, string]> = [
  ['AR', '4000000320000021'], ['BR', '4000000760000002'], ['CA', '4000001240000000'], ['CL', '4000001520000001'],
  ['CO', '4000001700000003'], ['CR', '4000001880000005'], ['EC', '4000002180000000'], ['MX', '4000004840008001'],
  ['PA', '4000005910000000'], ['PY', '4000006000000066'], ['PE', '4000006040000068'], ['UY', '4000008580000003'],
  ['AT', '4000000400000008'], ['BE', '4000000560000004'], ['BG', '4000001000000000'], ['BY', '4000001120000005'],
  ['CY', '4000001960000008'], ['CZ', '4000002030000002'], ['DK', '4000002080000001'], ['FI', '4000002460000001'],
  ['FR', '4000002500000003'], ['DE', '4000002760000016'], ['GR', '4000003000000030'], ['HU', '4000003480000005'],
  ['IE', '4000003720000005'], ['IT', '4000003800000008'], ['LV', '4000004280000005'], ['LT', '4000004400000000'],
  ['LU', '4000004420000006'], ['MT', '4000004700000007'], ['NL', '4000005280000002'], ['NO', '4000005780000007'],
  ['PL', '4000006160000005'], ['PT', '4000006200000007'], ['RO', '4000006420000001'], ['SA', '4000006820000007'],
  ['SI', '4000007050000006'], ['SK', '4000007030000001'], ['ES', '4000007240000007'], ['SE', '4000007520000008'],
  ['CH', '4000007560000009'], ['GB', '4000008260000000'], ['AU', '4000000360000006'], ['CN', '4000001560000002'],
  ['HK', '4000003440000004'], ['IN', '4000003560000008'], ['JP', '4000003920000003'], ['MY', '4000004580000002'],
  ['NZ', '4000005540000008'], ['SG', '4000007020000003'], ['TW', '4000001580000008'], ['TH', '4000007640000003'],
];

export const TEST_CARDS: readonly TestCard[] = [
  // §6.1 successful cards by brand
  visa('4242424242424242', 'Visa', { ...pm('pm_card_visa', 'pm_card_us') }),
  card('4000056655665556', 'visa', 'debit', 'US', 'Visa (debit)', pm('pm_card_visa_debit')),
  card('5555555555554444', 'mastercard', 'credit', 'US', 'Mastercard', pm('pm_card_mastercard')),
  card('2223003122003222', 'mastercard', 'credit', 'US', 'Mastercard (2-series)'),
  card('5200828282828210', 'mastercard', 'debit', 'US', 'Mastercard (debit)', pm('pm_card_mastercard_debit')),
  card('5105105105105100', 'mastercard', 'prepaid', 'US', 'Mastercard (prepaid)', pm('pm_card_mastercard_prepaid')),
  card('378282246310005', 'amex', 'credit', 'US', 'American Express (3DS not supported)', {
    ...pm('pm_card_amex', 'pm_card_amex_threeDSecureNotSupported'),
    threeDS: 'not_supported',
  }),
  card('371449635398431', 'amex', 'credit', 'US', 'American Express'),
  card('6011111111111117', 'discover', 'credit', 'US', 'Discover', pm('pm_card_discover')),
  card('6011000990139424', 'discover', 'credit', 'US', 'Discover'),
  card('6011981111111113', 'discover', 'debit', 'US', 'Discover (debit)'),
  card('3056930009020004', 'diners', 'credit', 'US', 'Diners Club', pm('pm_card_diners')),
  card('36227206271667', 'diners', 'credit', 'US', 'Diners Club (14-digit)'),
  card('6555900000604105', 'discover', 'credit', 'US', 'BCcard and DinaCard'),
  card('3566002020360505', 'jcb', 'credit', 'JP', 'JCB', pm('pm_card_jcb')),
  card('6200000000000005', 'unionpay', 'credit', 'CN', 'UnionPay', pm('pm_card_unionpay')),
  card('6200000000000047', 'unionpay', 'debit', 'CN', 'UnionPay (debit)'),
  card('6205500000000000004', 'unionpay', 'credit', 'CN', 'UnionPay (19-digit)'),
  card('4000002500001001', 'visa', 'credit', 'FR', 'Cartes Bancaires / Visa', pm('pm_card_visa_cartesBancaires')),
  card('5555552500001001', 'mastercard', 'credit', 'FR', 'Cartes Bancaires / Mastercard', pm('pm_card_mastercard_cartesBancaires')),
  card('4000050360000001', 'visa', 'debit', 'AU', 'eftpos Australia / Visa', pm('pm_card_visa_debit_eftposAuCoBranded')),
  card('5555050360000080', 'mastercard', 'debit', 'AU', 'eftpos Australia / Mastercard', pm('pm_card_mastercard_debit_eftposAuCoBranded')),
  card('4000051230000072', 'visa', 'debit', 'US', 'Visa FSA/HSA', pm('pm_card_debit_visaFsaProductCode')),
  card('5200828282828897', 'mastercard', 'debit', 'US', 'Mastercard FSA', pm('pm_card_mastercard_debit_mastercardFsaProductCode')),
  // §6.1 cards by country
  ...COUNTRY_CARDS.map(([cc, n]) => card(n, 'visa', 'credit', cc, `Visa (${cc})`, pm(`pm_card_${cc.toLowerCase()}`))),
  card('5062210000000009', 'unknown', 'credit', 'MX', 'Carnet (MX)'),
  card('4000058260000005', 'visa', 'debit', 'GB', 'Visa debit (GB)', pm('pm_card_gb_debit')),
  card('5555558265554449', 'mastercard', 'credit', 'GB', 'Mastercard (GB)', pm('pm_card_gb_mastercard')),
  card('3530111333300000', 'jcb', 'credit', 'JP', 'JCB (JP)', pm('pm_card_jp_jcb')),
  card('4000057640000008', 'visa', 'debit', 'TH', 'Visa debit (TH)', pm('pm_card_th_debit')),
  // §6.2 declines: refused at attach and at charge
  visa('4000000000000002', 'Generic decline', { ...pm('pm_card_visa_chargeDeclined'), attachDecline: 'generic_decline' }),
  visa('4000000000009995', 'Insufficient funds', { ...pm('pm_card_visa_chargeDeclinedInsufficientFunds'), attachDecline: 'insufficient_funds' }),
  visa('4000000000009987', 'Lost card', { ...pm('pm_card_visa_chargeDeclinedLostCard'), attachDecline: 'lost_card' }),
  visa('4000000000009979', 'Stolen card', { ...pm('pm_card_visa_chargeDeclinedStolenCard'), attachDecline: 'stolen_card' }),
  visa('4000000000000069', 'Expired card', { ...pm('pm_card_chargeDeclinedExpiredCard'), attachDecline: 'expired_card' }),
  visa('4000000000000127', 'Incorrect CVC', { ...pm('pm_card_chargeDeclinedIncorrectCvc'), attachDecline: 'incorrect_cvc' }),
  visa('4000000000000119', 'Processing error', { ...pm('pm_card_chargeDeclinedProcessingError'), attachDecline: 'processing_error' }),
  visa('4000000000006975', 'Velocity limit exceeded', {
    ...pm('pm_card_visa_chargeDeclinedVelocityLimitExceeded'),
    attachDecline: 'card_velocity_exceeded',
  }),
  tokenOnly('tok_visa_debit_chargeDeclinedInsufficientFunds', '9995', 'visa', 'debit', 'Insufficient funds (debit)', {
    attachDecline: 'insufficient_funds',
  }),
  tokenOnly('tok_visa_chargeDeclinedFraudulent', '0002', 'visa', 'credit', 'Fraudulent', { attachDecline: 'fraudulent' }),
  // §6.2 declines only when charged
  visa('4000000000000341', 'Attaches, then every charge declines', { ...pm('pm_card_chargeCustomerFail'), chargeDecline: 'generic_decline' }),
  tokenOnly('tok_visa_chargeCustomerFailLostCard', '0341', 'visa', 'credit', 'Attaches, charges decline (lost card)', {
    chargeDecline: 'lost_card',
  }),
  tokenOnly('tok_visa_chargeCustomerFailStolenCard', '0341', 'visa', 'credit', 'Attaches, charges decline (stolen card)', {
    chargeDecline: 'stolen_card',
  }),
  // §6.3 fraud, Radar and check results
  visa('4100000000000019', 'Always blocked by Radar', { ...pm('pm_card_radarBlock'), risk: 'highest' }),
  visa('4000000000004954', 'Highest risk (blocked)', { ...pm('pm_card_riskLevelHighest'), risk: 'highest' }),
  visa('4000000000009235', 'Elevated risk (succeeds)', { ...pm('pm_card_riskLevelElevated'), risk: 'elevated' }),
  visa('4000000000000101', 'CVC check fails', { ...pm('pm_card_cvcCheckFail'), checks: { cvc: 'fail' } }),
  visa('4000000000000036', 'Postal code check fails', { ...pm('pm_card_avsZipFail'), checks: { postalCode: 'fail' } }),
  visa('4000058400307872', 'CVC check fails, elevated risk', {
    ...pm('pm_card_cvcCheckFailElevatedRisk'),
    checks: { cvc: 'fail' },
    risk: 'elevated',
  }),
  visa('4000058400306072', 'Postal code check fails, elevated risk', {
    ...pm('pm_card_avsZipFailElevatedRisk'),
    checks: { postalCode: 'fail' },
    risk: 'elevated',
  }),
  visa('4000000000000028', 'Address line 1 check fails', { ...pm('pm_card_avsLine1Fail'), checks: { line1: 'fail' } }),
  visa('4000000000000010', 'Address line 1 and postal code checks fail', {
    ...pm('pm_card_avsFail'),
    checks: { line1: 'fail', postalCode: 'fail' },
  }),
  visa('4000000000000044', 'Address checks unavailable', {
    ...pm('pm_card_avsUnchecked'),
    checks: { line1: 'unavailable', postalCode: 'unavailable' },
  }),
  // §6.4 3D Secure
  visa('4000002500003155', '3DS required unless set up for off-session', {
    ...pm('pm_card_authenticationRequiredOnSetup'),
    threeDS: 'required_on_setup',
  }),
  visa('4000002760003184', '3DS always required', { ...pm('pm_card_authenticationRequired'), threeDS: 'required' }),
  visa('4000003800000446', '3DS set up: off-session succeeds, on-session requires it', {
    ...pm('pm_card_authenticationRequiredSetupForOffSession'),
    threeDS: 'required_set_up_for_off_session',
  }),
  visa('4000008260003178', '3DS required, then insufficient funds', {
    ...pm('pm_card_authenticationRequiredChargeDeclinedInsufficientFunds'),
    threeDS: 'required',
    declineAfterAuth: 'insufficient_funds',
  }),
  visa('4000000000003220', '3DS2 required', { ...pm('pm_card_threeDSecure2Required'), threeDS: 'required' }),
  visa('4000008400001629', '3DS required, then declined', {
    ...pm('pm_card_threeDSecureRequiredChargeDeclined'),
    threeDS: 'required',
    declineAfterAuth: 'generic_decline',
  }),
  visa('4000008400001280', '3DS lookup fails: declined', {
    ...pm('pm_card_threeDSecureRequiredProcessingError'),
    chargeDecline: 'generic_decline',
  }),
  visa('4000000000003055', '3DS supported, not required', { ...pm('pm_card_threeDSecureOptional'), threeDS: 'optional' }),
  visa('4000000000003097', '3DS supported, any attempt errors; succeeds without 3DS', {
    ...pm('pm_card_threeDSecureOptionalProcessingError'),
    threeDS: 'optional',
  }),
  ...['4000582600000094', '4000582600000045', '4000582600000102', '4000582600000110'].map((n) =>
    card(n, 'visa', 'credit', 'GB', '3DS2 mobile challenge (behaves as 3DS2 required)', { threeDS: 'required' }),
  ),
  visa('4000000000001208', 'Captcha challenge (succeeds through the API)'),
  visa('4000000000003725', 'Captcha challenge (succeeds through the API)'),
  ...['4001007020000002', '4000008260000075', '4001000360000005', '4000002760000008'].map((n) =>
    visa(n, 'Terminal PIN card (out of scope: behaves as a normal card)'),
  ),
  // §6.5 disputes
  visa('4000000000000259', 'Charge succeeds, then a fraudulent dispute', { ...pm('pm_card_createDispute'), dispute: 'fraudulent' }),
  visa('4000000000002685', 'Charge succeeds, then a product-not-received dispute', {
    ...pm('pm_card_createDisputeProductNotReceived'),
    dispute: 'product_not_received',
  }),
  visa('4000000000001976', 'Charge succeeds, then an inquiry', { ...pm('pm_card_createDisputeInquiry'), dispute: 'inquiry' }),
  visa('4000000000005423', 'Charge succeeds, then an early fraud warning', {
    ...pm('pm_card_createIssuerFraudRecord'),
    dispute: 'early_fraud_warning',
  }),
  visa('4000000404000079', 'Charge succeeds, then several disputes', { ...pm('pm_card_createMultipleDisputes'), dispute: 'multiple' }),
  visa('4000000404000038', 'Charge succeeds, then a Visa CE 3.0 eligible dispute', {
    ...pm('pm_card_createCe3EligibleDispute'),
    dispute: 'ce3_eligible',
  }),
  visa('4000008400000779', 'Charge succeeds, then a Visa compliance dispute', {
    ...pm('pm_card_createComplianceDispute'),
    dispute: 'compliance',
  }),
  // §6.6 other special cards
  visa('4000000000000077', 'Funds available at once', { ...pm('pm_card_bypassPending'), bypassPending: true }),
  card('4000003720000278', 'visa', 'credit', 'IE', 'Funds available at once (international)', {
    ...pm('pm_card_bypassPendingInternational'),
    bypassPending: true,
  }),
  visa('4000000000007726', 'Refunds stay pending, then succeed', { ...pm('pm_card_pendingRefund'), refund: 'pending_then_succeeded' }),
  visa('4000000000005126', 'Refunds succeed, then fail', { ...pm('pm_card_refundFail'), refund: 'succeeded_then_failed' }),
];

function indexBy(key: (c: TestCard) => readonly string[]): ReadonlyMap<string, TestCard> {
  const map = new Map<string, TestCard>();
  for (const c of TEST_CARDS) for (const k of key(c)) if (!map.has(k)) map.set(k, c);
  return map;
}

export const CARDS_BY_NUMBER = indexBy((c) => (c.number ? [c.number] : []));
export const CARDS_BY_PAYMENT_METHOD = indexBy((c) => c.paymentMethods);
export const CARDS_BY_TOKEN = indexBy((c) => c.tokens);
