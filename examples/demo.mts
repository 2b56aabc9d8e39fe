// `npm run demo`: a merchant's card-on-file flow against an in-memory Onerway, printed step by step.
import { createSimulator } from '../src/index.js';

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

console.log(`onerway-sim demo: a simulated Onerway at ${new Date(sim.clock.now()).toISOString()}, key ${sim.secretKey}\n`);

const customer = await api('POST', '/v1/customers', { email: 'jenny@example.com', name: 'Jenny Rosen' });
console.log(`  created ${customer.id} <${customer.email}>\n`);

const card = await api('POST', `/v1/payment_methods/pm_card_visa/attach`, { customer: customer.id });
console.log(`  saved ${card.card.brand} •••• ${card.card.last4}, cvc check: ${card.card.checks.cvc_check}\n`);

const declined = await api('POST', `/v1/payment_methods/pm_card_visa_chargeDeclinedInsufficientFunds/attach`, { customer: customer.id });
console.log(`  refused: ${declined.error.code} / ${declined.error.decline_code}: ${declined.error.message}\n`);

await api('POST', `/v1/customers/${customer.id}`, { invoice_settings: { default_payment_method: card.id } });
const expanded = await api('GET', `/v1/customers/${customer.id}?expand[]=invoice_settings.default_payment_method`);
console.log(`  default card: ${expanded.invoice_settings.default_payment_method.card.last4}\n`);

await sim.clock.advance('3d');
const later = await api('POST', '/v1/customers', { email: 'later@example.com' });
console.log(`  three simulated days later: created ${later.id} at ${new Date(later.created * 1000).toISOString()}\n`);

const page = await api('GET', '/v1/customers?limit=1');
console.log(`  newest customer: ${page.data[0].email}; has_more: ${page.has_more}\n`);

const missing = await api('GET', '/v1/customers/cus_doesnotexist');
console.log(`  ${missing.error.code}: ${missing.error.message}`);
