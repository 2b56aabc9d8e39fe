// `npm run screenshot`: the README's picture of the explorer (docs/explorer.png), taken with
// Debian's chromium from a server with a little state in it.
import { startServer } from '../src/adapters/server.js';
import { launch } from '../test/browser/chromium.js';

const server = await startServer();
server.sim.fixtures({ customers: [{ email: 'jenny@example.com', cards: ['pm_card_visa'] }], payments: [{ customer: 0, amount: 4200 }, { amount: 1500, refunded: 500 }] });
const browser = await launch();
const page = await browser.newPage({ viewport: { width: 1400, height: 820 } });
await page.goto(`${server.url}/`);
await page.waitForSelector('body[data-ready=true]');
await page.fill('#filter', '/v1/payment_intents');
await page.click('button[data-op="POST /v1/payment_intents"]');
await page.fill('[data-param="amount"]', '2000');
await page.fill('[data-param="currency"]', 'usd');
await page.fill('[data-param="payment_method"]', 'pm_card_visa');
await page.selectOption('[data-param="confirm"]', 'true');
await page.click('#send');
await page.waitForSelector('#result:not([hidden])');
await page.locator('#result').scrollIntoViewIfNeeded();
await page.screenshot({ path: 'docs/explorer.png' });
await browser.close();
await server.close();
console.log('wrote docs/explorer.png');
