/** Updating a saved PaymentMethod (reference §2): billing details, expiry, metadata. */
import { EMPTY_ADDRESS, mergeAddress } from '../../address.js';
import { checkExpiry, fullYear } from '../../cards.js';
import type { RequestContext } from '../../context.js';
import { invalidRequest } from '../../errors.js';
import { previousAttributes, recordEvent } from '../../events.js';
import { findOrThrow } from '../../lookup.js';
import { type Params } from '../../params.js';
import { mergeMetadata } from '../../metadata.js';
import type { PaymentMethod } from '../objects.js';
import { nextRow, PAYMENT_METHODS } from './object.js';
import type { updateFields } from './params.js';

export function update(ctx: RequestContext, p: Params<typeof updateFields>, path: Readonly<Record<string, string>>): PaymentMethod {
  const row = findOrThrow(ctx, PAYMENT_METHODS, path['id']!, 'PaymentMethod', 'payment_method', 404);
  if (row.state !== 'attached') {
    throw invalidRequest('You must save this PaymentMethod to a customer before you can update it.');
  }
  const before = row.object;
  const after: PaymentMethod = { ...before };
  if (p.billing_details !== undefined) {
    const b = p.billing_details;
    after.billing_details = {
      ...before.billing_details,
      ...(b.email !== undefined && { email: b.email }),
      ...(b.name !== undefined && { name: b.name }),
      ...(b.phone !== undefined && { phone: b.phone }),
      ...(b.address !== undefined && { address: b.address === null ? { ...EMPTY_ADDRESS } : mergeAddress(before.billing_details.address, b.address) }),
    };
  }
  if (p.card !== undefined) {
    const month = p.card.exp_month ?? before.card.exp_month;
    const year = p.card.exp_year === undefined ? before.card.exp_year : fullYear(p.card.exp_year);
    checkExpiry(month, year, ctx.now);
    after.card = { ...before.card, exp_month: month, exp_year: year };
  }
  if (p.metadata !== undefined) after.metadata = mergeMetadata(before.metadata, p.metadata);
  if (p.allow_redisplay !== undefined) after.allow_redisplay = p.allow_redisplay;
  const changed = previousAttributes(before as unknown as Record<string, unknown>, after as unknown as Record<string, unknown>);
  if (!changed) return before;
  ctx.data.collection(PAYMENT_METHODS).put(nextRow(row, { object: after }));
  recordEvent(ctx, 'payment_method.updated', after, changed);
  return after;
}

