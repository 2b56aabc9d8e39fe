/** The merchant arbitraries mean what they say. */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { accountParams, cards, customerParams, paymentIntentParams, paymentMethodParams, transferParams } from '../src/arbitraries/index.js';
import { client } from './helpers/sim.js';

it('cards by outcome and valid bodies are what the simulator answers', async () => {
  const c = client();
  const outcome = async (card: string) => {
    const res = await c.post('/v1/payment_intents', { amount: 2000, currency: 'usd', payment_method: card, confirm: true });
    return res.status === 402 ? 'declined' : res.body.status;
  };
  for (const card of fc.sample(cards.succeeding, 30)) expect([card, await outcome(card)]).toEqual([card, 'succeeded']);
  for (const card of fc.sample(cards.declining, 30)) expect([card, await outcome(card)]).toEqual([card, 'declined']);
  for (const card of fc.sample(cards.requiringAuthentication, 20)) expect([card, await outcome(card)]).toEqual([card, 'requires_action']);
  for (const body of fc.sample(customerParams(), 30)) expect((await c.post('/v1/customers', body)).status).toBe(200);
  for (const body of fc.sample(paymentIntentParams(), 30)) expect((await c.post('/v1/payment_intents', body)).status).toBe(200);
  for (const body of fc.sample(paymentMethodParams(), 30)) expect((await c.post('/v1/payment_methods', body)).status).toBe(200);
  const account = (await c.post('/v1/accounts', fc.sample(accountParams(), 1)[0]!)).body.id;
  c.sim.fixtures({ availableFunds: 100_000 });
  for (const body of fc.sample(transferParams(account, 3000), 20)) expect((await c.post('/v1/transfers', body)).status).toBe(200);
});
