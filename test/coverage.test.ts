/** `sim.coverage()` (issue #19): each axis says exactly what was met and what was missed. */
import { expect, it } from 'vitest';
import { fault } from '../src/index.js';
import { client } from './helpers/sim.js';

it('records routes, states, transitions, cards, declines, events, deliveries, timed behaviours and faults', async () => {
  const c = client({ webhooks: { fetch: async () => new Response('', { status: 500 }) } });
  await c.post('/v1/webhook_endpoints', { url: 'https://example.com/hook', enabled_events: ['charge.refunded'] });
  c.sim.webhooks.listen(() => undefined, { events: ['payment_intent.succeeded'] });
  const held = await c.post('/v1/payment_intents', { amount: 1000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, capture_method: 'manual' });
  await c.post('/v1/payment_intents', { amount: 1000, currency: 'usd', payment_method: 'pm_card_threeDSecure2Required', confirm: true });
  await c.post('/v1/payment_intents', { amount: 1000, currency: 'usd', payment_method: 'pm_card_visa_chargeDeclinedLostCard', confirm: true });
  const paid = await c.post('/v1/payment_intents', { amount: 1000, currency: 'usd', payment_method: 'pm_card_refundFail', confirm: true });
  await c.post('/v1/refunds', { payment_intent: paid.body.id });
  await c.get('/v1/customers/cus_nope');
  c.sim.faults.inject({ path: '/v1/balance', fault: fault.lockTimeout() });
  await c.get('/v1/balance');
  await c.sim.clock.advance('8d');

  const seen = c.sim.coverage();
  expect(seen.paymentIntentStates.met).toEqual(['canceled', 'requires_action', 'requires_capture', 'requires_payment_method', 'succeeded']);
  expect(seen.paymentIntentStates.missed).toEqual(['processing', 'requires_confirmation']);
  expect(seen.paymentIntentTransitions.met).toEqual([
    'requires_capture → canceled',
    'requires_payment_method → requires_action',
    'requires_payment_method → requires_capture',
    'requires_payment_method → succeeded',
  ]);
  expect(seen.testCards.met).toEqual(['pm_card_refundFail', 'pm_card_visa', 'pm_card_visa_chargeDeclinedLostCard']);
  expect(seen.declineCodes.met).toEqual(['lost_card']);
  expect(seen.errorTypes).toMatchObject({ met: ['card_error', 'invalid_request_error'] });
  expect(seen.errorCodes.met).toEqual(['card_declined', 'lock_timeout', 'resource_missing']);
  expect(seen.routes.statuses).toMatchObject({ 'POST /v1/payment_intents': ['2xx', '4xx'], 'GET /v1/customers/:id': ['4xx'], 'GET /v1/balance': ['4xx'] });
  expect(seen.routes.missed).toContain('POST /v1/payment_intents/:id/capture');
  expect(seen.eventsEmitted.met).toContain('charge.expired');
  expect(seen.eventsDelivered.met).toEqual(['payment_intent.succeeded']);
  // The endpoint answers 500 for 8 days: retried, then given up after the 3-day schedule.
  expect(seen.webhookOutcomes.met).toEqual(['failed', 'gave_up', 'retried', 'succeeded']);
  expect(seen.timedBehaviours.met).toEqual(['authorization_expired', 'funds_available', 'refund_failed']);
  expect(seen.faults).toEqual({ met: ['lock_timeout'], missed: ['api_error', 'decline', 'latency', 'network', 'rate_limit'] });
  expect(held.status).toBe(200);
  // Kept across a reset: it is what the simulator has seen, not its state.
  c.sim.reset();
  expect(c.sim.coverage().declineCodes.met).toEqual(['lost_card']);
});
