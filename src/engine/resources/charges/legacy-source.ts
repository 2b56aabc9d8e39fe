/**
 * What a Charges API request pays with (`source`): a `tok_*` test token, which becomes a one-time
 * `card_*` source on the charge, or a card PaymentMethod (`pm_*`, `pm_card_*`), checked as a
 * PaymentIntent checks it. Nothing is stored until the charge is.
 */
import type { RequestContext } from '../../context.js';
import { invalidRequest, resourceMissing } from '../../errors.js';
import { catalogueHint } from '../../cards.js';
import { CARDS_BY_TOKEN, type TestCard } from '../../test-cards.js';
import type { PaymentMethod } from '../objects.js';
import type { SourceCard } from './source-card.js';
import { checkOwnership } from '../payment-intents/attempt.js';
import { buildPaymentMethod, magicCardInput, refuseTestCardInLiveMode, verifiedCardHash, verifiedChecks } from '../payment-methods/card-data.js';
import { resolvePaymentMethod } from '../payment-methods/resolve.js';
import { markUsed, verifyCard } from '../payment-methods/resolve.js';

/** The brand names of the legacy card object (`Visa`, not `visa`). */
const BRAND_NAMES: Readonly<Record<string, string>> = {
  amex: 'American Express',
  cartes_bancaires: 'Cartes Bancaires',
  diners: 'Diners Club',
  discover: 'Discover',
  eftpos_au: 'Eftpos Australia',
  jcb: 'JCB',
  mastercard: 'MasterCard',
  unionpay: 'UnionPay',
  visa: 'Visa',
  unknown: 'Unknown',
};

export interface ChargeSource {
  readonly card: TestCard;
  /** Stores what must be stored and returns the card as the charge shows it. */
  use(): { pm: PaymentMethod; source: SourceCard | null };
}

function sourceCard(pm: PaymentMethod): SourceCard {
  const c = pm.card;
  const address = pm.billing_details.address;
  return {
    id: pm.id,
    object: 'card',
    address_city: address.city,
    address_country: address.country,
    address_line1: address.line1,
    address_line1_check: c.checks.address_line1_check,
    address_line2: address.line2,
    address_state: address.state,
    address_zip: address.postal_code,
    address_zip_check: c.checks.address_postal_code_check,
    brand: BRAND_NAMES[c.brand] ?? 'Unknown',
    country: c.country,
    customer: null,
    cvc_check: c.checks.cvc_check,
    dynamic_last4: null,
    exp_month: c.exp_month,
    exp_year: c.exp_year,
    fingerprint: c.fingerprint,
    funding: c.funding,
    last4: c.last4,
    metadata: {},
    name: pm.billing_details.name,
    tokenization_method: null,
  };
}

/** The `source` of a Charges API request, checked; `customer` is the request's customer. */
export function resolveChargeSource(ctx: RequestContext, id: string, customer: string | null): ChargeSource {
  if (id.startsWith('tok_')) {
    const card = CARDS_BY_TOKEN.get(id);
    if (!card) throw resourceMissing('token', id, 'source', { status: 400, hint: catalogueHint(id) });
    if (customer !== null) {
      throw invalidRequest(`Customer ${customer} does not have a linked source with ID ${id}.`, { code: 'missing', param: 'source' });
    }
    refuseTestCardInLiveMode(ctx, true);
    return {
      card,
      use() {
        const built = buildPaymentMethod(ctx, magicCardInput(ctx, card), {});
        const pm: PaymentMethod = { id: ctx.ids.next('card'), ...built };
        const verified: PaymentMethod = { ...pm, card: verifiedCardHash(pm.card, verifiedChecks(pm, card)) };
        return { pm: verified, source: sourceCard(verified) };
      },
    };
  }
  if (!id.startsWith('pm_')) {
    throw invalidRequest(
      `onerway-sim: the Charges API here takes a tok_* test token (such as tok_visa) or a card PaymentMethod (pm_… or pm_card_visa) as source; ${id.slice(0, 100)} is neither.`,
      { param: 'source' },
    );
  }
  const resolved = resolvePaymentMethod(ctx, id, 'source', 400);
  if (resolved.row) checkOwnership(ctx, resolved.row.id, customer, 'Charge');
  return {
    card: resolved.card,
    use() {
      const row = resolved.materialize('fresh');
      const pm = verifyCard(ctx, row.id);
      markUsed(ctx, row.id, false);
      return { pm, source: null };
    },
  };
}
