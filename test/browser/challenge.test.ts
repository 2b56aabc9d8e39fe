/**
 * The 3D Secure challenge page in a real browser (issue #17): Debian's chromium, driven by
 * playwright-core, completes and fails the challenge at the URL `next_action` gives, and lands on
 * the shop's `return_url` with the live API's query. `.ci/run` installs chromium; without it the
 * test is skipped outside CI.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { BROWSER_AVAILABLE, launch } from './chromium.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/adapters/server.js';

describe.skipIf(!BROWSER_AVAILABLE)('3D Secure challenge page', () => {
  let browser: Browser;
  let server: RunningServer;
  let shop: Server;
  let shopUrl: string;

  beforeAll(async () => {
    browser = await launch();
    server = await startServer();
    // The merchant's page the customer returns to.
    shop = createServer((req, res) => res.end(`<h1>Back at the shop</h1><p id="query">${new URL(req.url ?? '/', 'http://x').search}</p>`));
    await new Promise<void>((r) => shop.listen(0, '127.0.0.1', () => r()));
    shopUrl = `http://127.0.0.1:${(shop.address() as AddressInfo).port}/done`;
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    shop?.close();
  });

  async function waitingPayment(): Promise<{ id: string; url: string; client_secret: string }> {
    const res = await fetch(`${server.url}/v1/payment_intents`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${server.sim.secretKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ amount: 4250, currency: 'eur', payment_method: 'pm_card_threeDSecure2Required', confirm: true, return_url: shopUrl }),
    });
    const pi = await res.json();
    expect(pi.status).toBe('requires_action');
    return { id: pi.id, url: pi.next_action.redirect_to_url.url, client_secret: pi.client_secret };
  }

  it('completes authentication and returns to the shop, the payment succeeded', async () => {
    const pi = await waitingPayment();
    expect(pi.url.startsWith(`${server.url}/3d_secure_2/hosted?payment_intent=${pi.id}&source=src_`)).toBe(true);
    const page = await browser.newPage();
    await page.goto(pi.url);
    expect(await page.textContent('.amount')).toBe('€42.50');
    await Promise.all([page.waitForURL(`${shopUrl}?**`), page.click('button[value=success]')]);
    const query = new URL(page.url()).searchParams;
    expect([query.get('payment_intent'), query.get('payment_intent_client_secret'), query.get('redirect_status')]).toEqual([pi.id, pi.client_secret, 'succeeded']);
    expect(await page.textContent('h1')).toBe('Back at the shop');
    await server.sim.flush();
    const after = await (await fetch(`${server.url}/v1/payment_intents/${pi.id}`, { headers: { Authorization: `Bearer ${server.sim.secretKey}` } })).json();
    expect(after.status).toBe('succeeded');
    await page.close();
  });

  it('fails authentication: the payment asks for another payment method', async () => {
    const pi = await waitingPayment();
    const page = await browser.newPage();
    await page.goto(pi.url);
    await Promise.all([page.waitForURL(`${shopUrl}?**`), page.click('button[value=failure]')]);
    expect(new URL(page.url()).searchParams.get('redirect_status')).toBe('failed');
    const after = await (await fetch(`${server.url}/v1/payment_intents/${pi.id}`, { headers: { Authorization: `Bearer ${server.sim.secretKey}` } })).json();
    expect([after.status, after.last_payment_error.code]).toEqual(['requires_payment_method', 'payment_intent_authentication_failure']);
    await page.close();
  });

  it('saves a card with a SetupIntent: the page completes 3D Secure and returns with setup_intent', async () => {
    const auth = { Authorization: `Bearer ${server.sim.secretKey}`, 'Content-Type': 'application/json' };
    const res = await fetch(`${server.url}/v1/setup_intents`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ payment_method: 'pm_card_authenticationRequiredOnSetup', confirm: true, return_url: shopUrl }),
    });
    const si = await res.json();
    expect(si.next_action.redirect_to_url.url.startsWith(`${server.url}/3d_secure_2/hosted?setup_intent=${si.id}&source=src_`)).toBe(true);
    const page = await browser.newPage();
    await page.goto(si.next_action.redirect_to_url.url);
    expect(await page.textContent('.amount')).toBe('Save this card for future payments');
    await Promise.all([page.waitForURL(`${shopUrl}?**`), page.click('button[value=success]')]);
    const query = new URL(page.url()).searchParams;
    expect([query.get('setup_intent'), query.get('setup_intent_client_secret'), query.get('redirect_status')]).toEqual([si.id, si.client_secret, 'succeeded']);
    const after = await (await fetch(`${server.url}/v1/setup_intents/${si.id}`, { headers: auth })).json();
    expect(after.status).toBe('succeeded');
    await page.close();
  });
});
