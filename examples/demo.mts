// `npm run demo`: the whole story of a payment against an in-memory Onerway, printed step by step:
// a customer, a 3D Secure payment, a decline, a refund, a webhook delivered and verified, and the
// clock moved until the money is available.
import { constructEvent, createSimulator } from '../src/index.js';

const sim = createSimulator();
const api = async (method: string, path: string, body?: object) => {
  const res = await sim.fetch(`https://api.onerway.com${path}`, {
    method,
    headers: { Authorization: `Bearer ${sim.secretKey}`, 'Content-Type': 'application/json' },
    ...(body && { body: JSON.stringify(body) }),
  });
  const json = await res.json();
  console.log(`${method} ${path} → ${res.status} (${res.headers.get('request-id')})`);
  return json;
};
const money = (cents: number) => `${cents < 0 ? "-" : ""}$${(Math.abs(cents) / 100).toFixed(2)}`;

console.log(`onerway-sim demo: a simulated Onerway at ${new Date(sim.clock.now()).toISOString()}, key ${sim.secretKey}\n`);

// A webhook endpoint in this process, verifying each delivery as a real handler would.
const endpoint = sim.webhooks.listen(async (request) => {
  const event = constructEvent(await request.text(), request.headers.get('onerway-signature'), endpoint.secret);
  console.log(`  webhook: ${event.type} (${event.id}), signature verified`);
}, { events: ['payment_intent.succeeded', 'charge.refunded', 'payment_intent.payment_failed', 'balance.available'] });

const customer = await api('POST', '/v1/customers', { email: 'jenny@example.com', name: 'Jenny Rosen' });
console.log(`  created ${customer.id} <${customer.email}>\n`);

const card = await api('POST', '/v1/payment_methods/pm_card_threeDSecure2Required/attach', { customer: customer.id });
console.log(`  saved ${card.card.brand} •••• ${card.card.last4} (a card that asks for 3D Secure)\n`);

const pi = await api('POST', '/v1/payment_intents', { amount: 4200, currency: 'usd', customer: customer.id, payment_method: card.id, confirm: true });
console.log(`  ${pi.id}: ${pi.status}, next action ${pi.next_action.type}`);
const authenticated = sim.authenticatePaymentIntent(pi.id, 'success');
console.log(`  the customer completes 3D Secure: ${authenticated.status}, ${money(authenticated.amount_received)} received\n`);

const declined = await api('POST', '/v1/payment_intents', { amount: 1500, currency: 'usd', payment_method: 'pm_card_visa_chargeDeclinedInsufficientFunds', confirm: true });
console.log(`  declined: ${declined.error.code} / ${declined.error.decline_code}: ${declined.error.message}\n`);

const refund = await api('POST', '/v1/refunds', { payment_intent: pi.id, amount: 1000 });
console.log(`  refunded ${money(refund.amount)}: ${refund.status}\n`);

console.log('Delivering the webhooks due now (sim.flush()):');
await sim.flush();

const before = await api('GET', '/v1/balance');
console.log(`  balance: ${money(before.available[0].amount)} available, ${money(before.pending[0].amount)} pending\n`);

console.log('Two simulated days later (sim.clock.advance("2d")):');
await sim.clock.advance('2d');
const after = await api('GET', '/v1/balance');
console.log(`  balance: ${money(after.available[0].amount)} available, ${money(after.pending[0].amount)} pending`);
console.log(`  (${sim.webhooks.attempts().length} webhook deliveries in all; now ${new Date(sim.clock.now()).toISOString()})\n`);

const seen = sim.coverage();
console.log(`What this run exercised (sim.coverage()): ${seen.paymentIntentStates.met.join(', ')}; declines ${seen.declineCodes.met.join(', ')}; timed ${seen.timedBehaviours.met.join(', ')}`);
