/**
 * The version change of SPEC §3 that PaymentIntents carry: before 2024-11-01 a PaymentIntent
 * embedded its `charges` list. Registered by resources/registry.ts (a module imported only for
 * its side effect would be dropped from the build: the package is marked side-effect free).
 */
import type { VersionChange } from '../../versions.js';
import { chargesOf } from '../charges/object.js';
import { chargeIdsOf, NO_CHARGES, PAYMENT_INTENTS } from './object.js';

export const CHARGES_LIST_CHANGE: VersionChange = {
  version: '2024-11-01',
  object: 'payment_intent',
  description: 'PaymentIntents no longer embed their `charges` list; read `latest_charge` (or list charges by payment_intent).',
  olderField: { name: 'charges', listOf: 'charge' },
  downgrade: (pi, ctx) => {
    const id = pi['id'] as string;
    const charges = chargesOf(ctx, chargeIdsOf(ctx.data.collection(PAYMENT_INTENTS).get(id)?.charges ?? NO_CHARGES));
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(pi)) {
      out[key] = value;
      if (key === 'capture_method') {
        out['charges'] = { object: 'list', data: charges, has_more: false, total_count: charges.length, url: `/v1/charges?payment_intent=${id}` };
      }
    }
    return out;
  },
};

