/** Capturing an authorized PaymentIntent, fully or partly (reference §1.2 rows 13–14); the rest is released. */
import type { RequestContext } from '../../context.js';
import { invalidRequest } from '../../errors.js';
import { recordEvent } from '../../events.js';
import { type Params } from '../../params.js';
import { mergeMetadata } from '../../metadata.js';
import { CHARGES } from '../charges/object.js';
import { captureCharge } from '../charges/settle.js';
import { openDisputeIfAny } from '../disputes/object.js';
import type { PaymentIntent } from '../objects.js';
import { requirePaymentIntent, savePaymentIntent } from './object.js';
import type { captureFields } from './params.js';
import { unexpectedState } from './states.js';

/** The live API's refusal of a capture above what the authorization holds (PaymentIntents and the Charges API). */
export const CAPTURE_TOO_LARGE = 'The payment could not be captured because the requested capture amount is greater than the amount you can capture for this charge.';

export function capture(ctx: RequestContext, p: Params<typeof captureFields>, path: Readonly<Record<string, string>>): PaymentIntent {
  const row = requirePaymentIntent(ctx, path['id']!);
  const pi = row.object;
  if (pi.status !== 'requires_capture') {
    const released = pi.status === 'succeeded' && pi.amount_received < pi.amount;
    throw unexpectedState(
      pi,
      released
        ? 'The remaining amount on this PaymentIntent could not be captured because the remainder of the authorized amount has been released.'
        : `This PaymentIntent could not be captured because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be captured: requires_capture.`,
    );
  }
  const amount = p.amount_to_capture ?? pi.amount_capturable;
  if (amount > pi.amount_capturable) {
    throw invalidRequest(CAPTURE_TOO_LARGE, { code: 'amount_too_large', param: 'amount_to_capture' });
  }
  const chargeRow = ctx.data.collection(CHARGES).get(pi.latest_charge as string)!;
  const charge = captureCharge(ctx, chargeRow, amount).object;
  recordEvent(ctx, 'charge.captured', charge);
  const after: PaymentIntent = {
    ...pi,
    status: 'succeeded',
    amount_received: amount,
    amount_capturable: 0,
    metadata: mergeMetadata(pi.metadata, p.metadata),
    statement_descriptor: p.statement_descriptor === undefined ? pi.statement_descriptor : p.statement_descriptor,
    statement_descriptor_suffix: p.statement_descriptor_suffix === undefined ? pi.statement_descriptor_suffix : p.statement_descriptor_suffix,
  };
  savePaymentIntent(ctx, row, after, { captureBefore: null });
  recordEvent(ctx, 'payment_intent.succeeded', after);
  openDisputeIfAny(ctx, ctx.data.collection(CHARGES).get(charge.id)!);
  return after;
}

