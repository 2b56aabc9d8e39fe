/** Idempotency keys through sim.fetch (SPEC §7, reference §7). */
import { describe, expect, it } from 'vitest';
import { BASE, client, rejects, stateOf } from './helpers/sim.js';

const key = (k: string) => ({ 'Idempotency-Key': k });

describe('idempotency', () => {
  it('a replay answers the same status and bytes, marked as replayed, and changes nothing', async () => {
    const c = client();
    const first = await c.post('/v1/payment_intents', { amount: 2000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true }, key('order-42'));
    expect(first.headers.get('idempotency-key')).toBe('order-42');
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const before = stateOf(c.sim);
    const again = await c.post('/v1/payment_intents', { currency: 'usd', amount: 2000, payment_method: 'pm_card_visa', confirm: true }, key('order-42'));
    expect(again.status).toBe(200);
    expect(again.text).toBe(first.text);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.headers.get('original-request')).toBe(first.headers.get('request-id'));
    expect(again.headers.get('request-id')).not.toBe(first.headers.get('request-id'));
    expect(stateOf(c.sim)).toBe(before);
    expect((await c.get('/v1/payment_intents')).body.data).toHaveLength(1);
  });

  it('the same request as JSON and as a form is the same request', async () => {
    const c = client();
    await c.post('/v1/customers', { email: 'a@example.com', balance: 5 }, key('k'));
    const form = await c.request('POST', '/v1/customers', 'balance=5&email=a%40example.com', { 'Content-Type': 'application/x-www-form-urlencoded', ...key('k') });
    expect(form.headers.get('idempotent-replayed')).toBe('true');
  });

  it('a declined confirm (402) is kept and replayed', async () => {
    const c = client();
    const body = { amount: 2000, currency: 'usd', payment_method: 'pm_card_visa_chargeDeclined', confirm: true };
    const first = await c.post('/v1/payment_intents', body, key('decline'));
    expect(first.status).toBe(402);
    const before = stateOf(c.sim);
    const again = await c.post('/v1/payment_intents', body, key('decline'));
    expect([again.status, again.text]).toEqual([402, first.text]);
    expect(stateOf(c.sim)).toBe(before);
  });

  it('the same key with other parameters or another endpoint is an idempotency_error', async () => {
    const c = client();
    await c.post('/v1/customers', { email: 'a@example.com' }, key('reused'));
    const error = {
      type: 'idempotency_error',
      message:
        "Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than 'reused' if you meant to execute a different request.",
    };
    await rejects(c, () => c.post('/v1/customers', { email: 'b@example.com' }, key('reused')), 400, error);
    await rejects(c, () => c.post('/v1/payment_intents', { amount: 2000, currency: 'usd' }, key('reused')), 400, error);
  });

  it('keys are scoped to the mode, and ignored on GET and DELETE', async () => {
    const c = client();
    const test = await c.post('/v1/customers', {}, key('shared'));
    const live = await c.post('/v1/customers', {}, { ...key('shared'), Authorization: `Bearer ${c.sim.liveSecretKey}` });
    expect(live.body.id).not.toBe(test.body.id);
    expect(live.headers.get('idempotent-replayed')).toBeNull();
    const list = await c.get('/v1/customers', key('shared'));
    expect(list.headers.get('idempotent-replayed')).toBeNull();
  });

  it('keys expire after 24 simulated hours', async () => {
    const c = client();
    const first = await c.post('/v1/customers', {}, key('daily'));
    await c.sim.clock.advance('23h');
    expect((await c.post('/v1/customers', {}, key('daily'))).body.id).toBe(first.body.id);
    await c.sim.clock.advance('1h');
    const fresh = await c.post('/v1/customers', {}, key('daily'));
    expect(fresh.body.id).not.toBe(first.body.id);
    expect(fresh.headers.get('idempotent-replayed')).toBeNull();
  });

  it('a key over 255 characters is refused', async () => {
    const c = client();
    const long = 'k'.repeat(256);
    await rejects(c, () => c.post('/v1/customers', {}, key(long)), 400, {
      type: 'invalid_request_error',
      param: 'idempotency_key',
      message: 'Invalid Idempotency-Key: keys can be at most 255 characters long (this one has 256).',
    });
    expect((await c.post('/v1/customers', {}, key('k'.repeat(255)))).status).toBe(200);
  });

  it('refusals before the operation (401, 403, parameters) are not kept: a corrected retry runs', async () => {
    const c = client();
    const bad = await c.post('/v1/customers', { email: 'not-an-email' }, key('fix-me'));
    expect(bad.status).toBe(400);
    const unauthorized = await c.post('/v1/customers', {}, { ...key('fix-me'), Authorization: 'Bearer nope' });
    expect(unauthorized.status).toBe(401);
    const forbidden = await c.post('/v1/customers', {}, { ...key('fix-me'), Authorization: `Bearer ${c.sim.publishableKey}` });
    expect(forbidden.status).toBe(403);
    const good = await c.post('/v1/customers', { email: 'ok@example.com' }, key('fix-me'));
    expect(good.status).toBe(200);
    expect(good.headers.get('idempotent-replayed')).toBeNull();
  });

  it('an overlapping duplicate gets 409 idempotency_key_in_use, and a later retry is the replay', async () => {
    const c = client();
    const send = () =>
      c.sim.fetch(`${BASE}/v1/customers`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${c.sim.secretKey}`, 'Content-Type': 'application/json', 'Idempotency-Key': 'twice' },
        body: JSON.stringify({ email: 'twice@example.com' }),
      });
    const [a, b] = await Promise.all([send(), send()]);
    expect(a.status).toBe(200);
    expect(b.status).toBe(409);
    expect(await b.json()).toEqual({
      error: {
        type: 'idempotency_error',
        code: 'idempotency_key_in_use',
        message:
          'There is currently another in-progress request using this Idempotent Key (that probably means you submitted twice, and the other request is still going through): twice. Please try again later.',
      },
    });
    const created = await a.json();
    const retry = await send();
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect((await retry.json()).id).toBe(created.id);
    expect((await c.get('/v1/customers')).body.data).toHaveLength(1);
  });
});
