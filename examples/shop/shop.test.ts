/** The shop's own tests, run with the vitest integration (examples/shop/vitest.config.ts). */
import { expect, it } from 'vitest';
import { createSimulator } from 'onerway-sim';
import { Shop } from './shop.js';

it('takes a payment and refunds it', async () => {
  const sim = createSimulator();
  const shop = new Shop(sim.fetch, sim.secretKey);
  expect((await shop.checkout('A-1', 2500, 'pm_card_visa')).status).toBe('paid');
  expect((await shop.refund('A-1')).status).toBe('refunded');
});

it('shows a declined card as a declined order', async () => {
  const sim = createSimulator();
  const shop = new Shop(sim.fetch, sim.secretKey);
  const order = await shop.checkout('A-2', 2500, 'pm_card_visa_chargeDeclinedInsufficientFunds');
  expect([order.status, order.declineCode]).toEqual(['declined', 'insufficient_funds']);
});
