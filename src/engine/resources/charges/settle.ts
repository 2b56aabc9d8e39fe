/** Money a charge moves: captured amounts booked into the balance, authorizations released. */
import type { RequestContext } from '../../context.js';
import { availableOn, processingFee } from '../../money.js';
import { collectApplicationFee } from '../application-fees.js';
import { settingsOf } from '../accounts.js';
import { recordMovement } from '../balance.js';
import { sendTransfer } from '../transfers.js';
import type { Charge, ChargeCardDetails } from '../objects.js';
import type { TestCard } from '../../test-cards.js';
import { CHARGES, saveCharge, type ChargeRow } from './object.js';
import { recordEvent } from '../../events.js';

/** What booking a captured amount wrote: the charge's balance transaction and application fee, and when the money is available. */
export interface Booking {
  readonly balanceTransaction: string;
  readonly applicationFee: Charge['application_fee'];
  readonly availableOn: number;
}

/**
 * Books `amount` captured on a charge into the balance (pending until `available_on`) and, for a
 * direct charge with an application fee, collects the fee (at most what was captured) for the
 * platform. The charge itself is not written: see `settle`, and `createCharge`, which books a
 * charge captured at once before building it, so that it is built once.
 */
export function book(
  ctx: RequestContext,
  charge: Pick<Charge, 'id' | 'currency' | 'description' | 'application_fee' | 'application_fee_amount'>,
  card: TestCard,
  amount: number,
): Booking {
  const applicationFee = Math.min(charge.application_fee_amount ?? 0, amount);
  const available = card.bypassPending ? ctx.now : availableOn(ctx.now, settingsOf(ctx).payouts.schedule.delay_days);
  const txn = recordMovement(ctx, {
    amount,
    currency: charge.currency,
    type: 'charge',
    source: charge.id,
    description: charge.description,
    fee: processingFee(amount) + applicationFee,
    applicationFee,
    availableOn: available,
  });
  const fee = applicationFee > 0 && ctx.data.account !== null ? collectApplicationFee(ctx, charge.id, applicationFee, charge.currency, available).id : charge.application_fee;
  return { balanceTransaction: txn.id, applicationFee: fee, availableOn: available };
}

/** Books the captured amount into the balance (pending until `available_on`) and links it. */
export function settle(ctx: RequestContext, row: ChargeRow, amount: number): ChargeRow {
  const charge = row.object;
  const booking = book(ctx, charge, row.card, amount);
  const booked = saveCharge(ctx, row, { ...charge, application_fee: booking.applicationFee, balance_transaction: booking.balanceTransaction });
  return charge.transfer_data ? sendToDestination(ctx, booked, amount, booking.availableOn) : booked;
}

/** A destination charge (Charges API `transfer_data`) sends its share on from the money it just booked. */
export function sendToDestination(ctx: RequestContext, row: ChargeRow, captured: number, availableOn: number): ChargeRow {
  const charge = row.object;
  const data = charge.transfer_data!;
  const transfer = sendTransfer(ctx, {
    amount: data.amount === null ? captured : Math.min(data.amount, captured),
    currency: charge.currency,
    destination: data.destination,
    source: { charge, sent: 0, availableOn },
    description: null,
    transferGroup: charge.transfer_group,
  });
  return saveCharge(ctx, row, { ...charge, transfer: transfer.id });
}

/** The card details once the authorization no longer awaits capture: `capture_before` goes. */
function withoutCaptureBefore(card: ChargeCardDetails): ChargeCardDetails {
  const { capture_before: _gone, ...rest } = card;
  return rest;
}

/** Captures `amount` of an uncaptured charge; the rest of the authorization is released. */
export function captureCharge(ctx: RequestContext, row: ChargeRow, amount: number): ChargeRow {
  const charge = row.object;
  const captured = saveCharge(ctx, row, {
    ...charge,
    captured: true,
    amount_captured: amount,
    amount_refunded: charge.amount - amount,
    payment_method_details: { ...charge.payment_method_details, card: withoutCaptureBefore(charge.payment_method_details.card) },
  });
  return settle(ctx, captured, amount);
}

/** The clock reached an uncaptured Charges API authorization's 7 days: released, `charge.expired`. */
export function expireCharge(ctx: RequestContext, chargeId: string): void {
  const row = ctx.data.collection(CHARGES).get(chargeId);
  if (!row || row.object.captured || row.object.refunded || row.object.status !== 'succeeded') return;
  recordEvent(ctx, 'charge.expired', releaseCharge(ctx, row).object);
  ctx.coverage?.timed.add('authorization_expired');
}

/** Releases an uncaptured authorization (cancel, expiry): the charge counts as refunded. */
export function releaseCharge(ctx: RequestContext, row: ChargeRow): ChargeRow {
  const charge = row.object;
  return saveCharge(ctx, row, {
    ...charge,
    amount_refunded: charge.amount,
    refunded: true,
    payment_method_details: { ...charge.payment_method_details, card: withoutCaptureBefore(charge.payment_method_details.card) },
  });
}

