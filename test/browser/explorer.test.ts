/**
 * The explorer in a real browser (issue #18): Debian's chromium via playwright-core loads it from
 * the server door, creates a customer through its form and sees it in the state panel, pays with a
 * 3D Secure card and completes the challenge page, then advances the clock and sees a webhook retry.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/adapters/server.js';
import { RESOURCE_ROUTES } from '../../src/engine/resources/registry.js';
import { BROWSER_AVAILABLE, launch } from './chromium.js';

describe.skipIf(!BROWSER_AVAILABLE)('the explorer', () => {
  let browser: Browser;
  let server: RunningServer;
  let page: Page;

  beforeAll(async () => {
    browser = await launch();
    server = await startServer();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`${server.url}/`);
    await page.waitForSelector('body[data-ready=true]');
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const open = async (op: string) => {
    await page.fill('#filter', op.split(' ')[1]!);
    await page.click(`button[data-op="${op}"]`);
  };
  const send = async () => {
    await page.click('#send');
    await page.waitForFunction(() => document.querySelector('#status')?.textContent !== '');
    const status = await page.textContent('#status');
    await page.evaluate(() => (document.querySelector('#status')!.textContent = ''));
    return status;
  };

  it('lists every route the engine serves, grouped by resource', async () => {
    await page.fill('#filter', '');
    const listed = await page.$$eval('.endpoint', (buttons) => buttons.map((b) => (b as HTMLElement).dataset['op']));
    const served = RESOURCE_ROUTES.map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`);
    expect(listed.sort()).toEqual(served.sort());
  });

  it('creates a customer through its form and shows it in the state panel', async () => {
    await open('POST /v1/customers');
    await page.fill('[data-param="email"]', 'jenny@example.com');
    await page.click('legend:text("metadata (keys and values)") ~ button.add');
    await page.fill('[data-key-for="metadata"]', 'plan');
    await page.fill('[data-value-for="metadata"]', 'gold');
    expect(await send()).toBe('200');
    const body = JSON.parse((await page.textContent('#body'))!);
    expect(body).toMatchObject({ object: 'customer', email: 'jenny@example.com', metadata: { plan: 'gold' } });
    await page.waitForSelector('#objects tr[data-collection="customers"]');
    expect(await page.textContent('#objects tr[data-collection="customers"]')).toContain(body.id);
    expect(await page.textContent('#events')).toContain('customer.created');
  });

  it('pays with a 3D Secure card and completes the challenge page it links to', async () => {
    await open('POST /v1/payment_intents');
    await page.fill('[data-param="amount"]', '4250');
    await page.fill('[data-param="currency"]', 'eur');
    await page.fill('[data-param="payment_method"]', 'pm_card_threeDSecure2Required');
    await page.selectOption('[data-param="confirm"]', 'true');
    expect(await send()).toBe('200');
    const pi = JSON.parse((await page.textContent('#body'))!);
    expect(pi.status).toBe('requires_action');
    const [challenge] = await Promise.all([page.context().waitForEvent('page'), page.click('#challenge')]);
    await challenge.waitForLoadState();
    expect(await challenge.textContent('.amount')).toBe('€42.50');
    await challenge.click('button[value=success]');
    await challenge.waitForSelector('text=Authentication complete');
    await challenge.close();
    await page.click('#refresh');
    await page.waitForFunction(() => document.querySelector('#events')!.textContent!.includes('payment_intent.succeeded'));
    // …and refunds part of it, still without writing code.
    await open('POST /v1/refunds');
    await page.fill('[data-param="payment_intent"]', pi.id);
    await page.fill('[data-param="amount"]', '1000');
    expect(await send()).toBe('200');
    expect(JSON.parse((await page.textContent('#body'))!)).toMatchObject({ object: 'refund', amount: 1000, status: 'succeeded', payment_intent: pi.id });
  });

  it('advances the clock and shows a webhook retry with its signature', async () => {
    await open('POST /v1/webhook_endpoints');
    await page.fill('[data-param="url"]', 'http://127.0.0.1:9/unreachable');
    await page.click('legend:text("enabled_events (list)") ~ button.add');
    await page.fill('[data-param="enabled_events[0]"]', '*');
    expect(await send()).toBe('200');
    await open('POST /v1/customers');
    await page.fill('[data-param="email"]', 'retry@example.com');
    expect(await send()).toBe('200');
    await server.sim.flush();
    await page.click('#refresh');
    await page.waitForSelector('.endpoint-state .attempt.failed');
    expect(await page.textContent('.endpoint-state')).toContain('retry at');
    await page.click('[data-advance="3600"]');
    await page.waitForFunction(() => [...document.querySelectorAll('.endpoint-state .attempt')].some((a) => a.textContent!.startsWith('#2 ')));
    expect(await page.textContent('.endpoint-state')).toMatch(/t=\d+,v1=/);
  });
});
