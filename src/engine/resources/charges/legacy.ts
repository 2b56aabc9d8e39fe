/**
 * The Charges API for older integrations: `POST /v1/charges` charges a token or a card
 * PaymentMethod at once (no PaymentIntent), `capture=false` authorizes for later
 * `POST /v1/charges/:id/capture`, and `POST /v1/charges/:id` updates any charge. Declines persist
 * the failed charge and answer 402 naming it, as the live API does.
 */
import type { RequestContext } from '../../context.js';
import { cardError, invalidRequest } from '../../errors.js';
import { recordEvent, previousAttributes } from '../../events.js';
import { mergeMetadata, metadata, NO_METADATA } from '../../metadata.js';
import { checkChargeAmount, checkCurrency } from '../../money.js';
import { boolean, enumOf, hash, integer, required, string, type Params } from '../../params.js';
import { requireAccount } from '../accounts.js';
import { needsAuthentication } from '../authentication.js';
import { requireCustomer } from '../customers/object.js';
import { openDisputeIfAny } from '../disputes/object.js';
import type { Charge, PaymentIntent } from '../objects.js';
import { CAPTURE_TOO_LARGE } from '../payment-intents/capture.js';
import { declineFor } from '../payment-intents/charge-attempt.js';
import { receiptEmailParam, shippingOf, shippingParam } from '../payment-intents/params.js';
import { DECLINES, type Decline } from '../../test-cards.js';
import { createCharge, type ChargeBasis } from './create.js';
import { resolveChargeSource } from './legacy-source.js';
import { CHARGES, saveCharge } from './object.js';
import { captureCharge } from './settle.js';
import { findOrThrow } from '../../lookup.js';

const descriptor = string({ nullable: true, maxLength: 22 });

export const createChargeFields = {
  amount: required(integer()),
  currency: required(string()),
  application_fee_amount: integer({ min: 0 }),
  capture: boolean(),
  customer: string(),
  description: string({ nullable: true }),
  metadata: metadata(),
  receipt_email: receiptEmailParam,
  shipping: shippingParam,
  source: string(),
  statement_descriptor: descriptor,
  statement_descriptor_suffix: descriptor,
  transfer_data: hash({ destination: required(string()), amount: integer({ min: 1 }) }),
  transfer_group: string(),
} as const;

/** The card options of a charge made without a PaymentIntent: no incremental authorization. */
const LEGACY_CARD_OPTIONS: PaymentIntent['payment_method_options'] = Object.freeze({
  card: Object.freeze({ installments: null, mandate_options: null, network: null, request_three_d_secure: 'automatic' as const }),
});

export function createLegacyCharge(ctx: RequestContext, p: Params<typeof createChargeFields>): Charge {
  const currency = checkCurrency(p.currency);
  checkChargeAmount(p.amount, currency);
  const customer = p.customer === undefined ? null : requireCustomer(ctx, p.customer, 'customer', 400).id;
  if (p.source === undefined) {
    if (customer === null) throw invalidRequest('Must provide source or customer.');
    throw invalidRequest('Cannot charge a customer that has no active card', { code: 'missing', param: 'card' });
  }
  const source = resolveChargeSource(ctx, p.source, customer);
  let transferData: Charge['transfer_data'] = null;
  if (p.transfer_data) {
    if (ctx.data.account !== null) throw invalidRequest('Destination charges cannot be made on a connected account: leave out the Onerway-Account header.', { param: 'transfer_data[destination]' });
    requireAccount(ctx, p.transfer_data.destination, 'destination', 'transfer_data[destination]', 400);
    if (p.transfer_data.amount !== undefined && p.transfer_data.amount > p.amount) {
      throw invalidRequest('The transfer amount cannot be greater than the amount of the charge.', { param: 'transfer_data[amount]' });
    }
    if (p.application_fee_amount !== undefined) {
      throw invalidRequest(
        'onerway-sim: application_fee_amount on a destination charge is not simulated (the live API would create an application fee from the destination). Set transfer_data[amount] to what the destination receives instead; the platform keeps the rest.',
        { param: 'application_fee_amount' },
      );
    }
    transferData = { amount: p.transfer_data.amount ?? null, destination: p.transfer_data.destination };
  }
  if (p.application_fee_amount !== undefined) {
    if (ctx.onBehalfOf === null) {
      throw invalidRequest(
        'Can only apply an application_fee_amount when the request is made on behalf of another account (using an OAuth key, the Onerway-Account header, or the destination parameter).',
        { param: 'application_fee_amount' },
      );
    }
    if (p.application_fee_amount > p.amount) throw invalidRequest('The application fee amount cannot be greater than the amount of the charge.', { param: 'application_fee_amount' });
  }

  // Every check has passed: the charge is written, declined or not.
  const { pm, source: card } = source.use();
  const basis: ChargeBasis = {
    id: null,
    amount: p.amount,
    application_fee_amount: p.application_fee_amount ?? null,
    currency,
    customer,
    description: p.description ?? null,
    metadata: mergeMetadata(NO_METADATA, p.metadata),
    payment_method_options: LEGACY_CARD_OPTIONS,
    receipt_email: p.receipt_email ?? null,
    shipping: p.shipping ? shippingOf(p.shipping) : null,
    statement_descriptor: p.statement_descriptor ?? null,
    statement_descriptor_suffix: p.statement_descriptor_suffix ?? null,
    transfer_group: p.transfer_group ?? null,
  };
  const legacy = { source: card, transferData };
  // A card that asks for 3D Secure cannot authenticate without a PaymentIntent.
  const declined = needsAuthentication(source.card, false, false, 'automatic')
    ? { decline: DECLINES.authentication_required, blocked: false }
    : declineFor(source.card, pm, false, ctx.now);
  if (declined) {
    const charge = createCharge(ctx, basis, pm, source.card, { kind: 'declined', ...declined }, legacy).object;
    recordEvent(ctx, 'charge.failed', charge);
    const d: Decline = declined.decline;
    throw cardError(d.code, d.message, { declineCode: d.declineCode, param: d.param, extra: { charge: charge.id } });
  }
  const captured = p.capture !== false;
  const created = createCharge(ctx, basis, pm, source.card, { kind: 'succeeded', captured, authenticated: false }, legacy);
  if (!captured) {
    const expires = created.object.payment_method_details.card.capture_before!;
    ctx.scheduler.schedule(expires * 1000, { kind: 'charge_expiry', mode: ctx.mode, account: ctx.data.account, chargeId: created.id });
  }
  const row = ctx.data.collection(CHARGES).get(created.id)!;
  recordEvent(ctx, 'charge.succeeded', row.object);
  return openDisputeIfAny(ctx, row).object;
}

export const updateChargeFields = {
  customer: string(),
  description: string({ nullable: true }),
  fraud_details: hash({ user_report: enumOf(['fraudulent', 'safe']) }),
  metadata: metadata(),
  receipt_email: receiptEmailParam,
  shipping: shippingParam,
  transfer_group: string(),
} as const;

export function updateCharge(ctx: RequestContext, p: Params<typeof updateChargeFields>, path: Readonly<Record<string, string>>): Charge {
  const row = findOrThrow(ctx, CHARGES, path['id']!, 'charge', 'id', 404);
  const before = row.object;
  const after: Charge = { ...before };
  if (p.customer !== undefined) {
    const customer = requireCustomer(ctx, p.customer, 'customer', 400).id;
    if (before.customer !== null && before.customer !== customer) {
      throw invalidRequest(`Charge ${before.id} already belongs to customer ${before.customer as string}; a charge's customer can only be set once.`, { param: 'customer' });
    }
    after.customer = customer;
  }
  if (p.description !== undefined) after.description = p.description;
  if (p.metadata !== undefined) after.metadata = mergeMetadata(before.metadata, p.metadata);
  if (p.receipt_email !== undefined) after.receipt_email = p.receipt_email;
  if (p.shipping !== undefined) after.shipping = p.shipping === null ? null : shippingOf(p.shipping);
  if (p.transfer_group !== undefined) after.transfer_group = p.transfer_group;
  if (p.fraud_details?.user_report !== undefined) after.fraud_details = { ...before.fraud_details, user_report: p.fraud_details.user_report };
  saveCharge(ctx, row, after);
  const previous = previousAttributes(before as unknown as Record<string, unknown>, after as unknown as Record<string, unknown>);
  if (previous) recordEvent(ctx, 'charge.updated', after, previous);
  return after;
}

export const captureChargeFields = {
  amount: integer({ min: 1 }),
  receipt_email: receiptEmailParam,
  statement_descriptor: descriptor,
  statement_descriptor_suffix: descriptor,
  transfer_group: string(),
} as const;

export function captureLegacyCharge(ctx: RequestContext, p: Params<typeof captureChargeFields>, path: Readonly<Record<string, string>>): Charge {
  const row = findOrThrow(ctx, CHARGES, path['id']!, 'charge', 'id', 404);
  const charge = row.object;
  if (charge.payment_intent !== null) {
    throw invalidRequest(
      `This charge was created by the PaymentIntent ${charge.payment_intent as string}: capture it with POST /v1/payment_intents/${charge.payment_intent as string}/capture instead.`,
    );
  }
  if (charge.status === 'failed') throw invalidRequest(`Charge ${charge.id} has failed and cannot be captured.`);
  if (charge.captured) throw invalidRequest(`Charge ${charge.id} has already been captured.`, { code: 'charge_already_captured' });
  if (charge.refunded) throw invalidRequest(`Charge ${charge.id} has expired or been refunded and can no longer be captured.`, { code: 'charge_expired_for_capture' });
  const amount = p.amount ?? charge.amount;
  if (amount > charge.amount) {
    throw invalidRequest(CAPTURE_TOO_LARGE, { code: 'amount_too_large', param: 'amount' });
  }
  const details = {
    ...charge,
    receipt_email: p.receipt_email === undefined ? charge.receipt_email : p.receipt_email,
    statement_descriptor: p.statement_descriptor === undefined ? charge.statement_descriptor : p.statement_descriptor,
    statement_descriptor_suffix: p.statement_descriptor_suffix === undefined ? charge.statement_descriptor_suffix : p.statement_descriptor_suffix,
    transfer_group: p.transfer_group ?? charge.transfer_group,
  };
  const captured = captureCharge(ctx, saveCharge(ctx, row, details), amount);
  recordEvent(ctx, 'charge.captured', captured.object);
  return openDisputeIfAny(ctx, captured).object;
}
