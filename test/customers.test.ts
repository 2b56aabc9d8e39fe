/** Customer and PaymentMethod behaviour beyond errors: merges, defaults, events, deletion. */
import { describe, expect, it } from 'vitest';
import { EVENTS } from '../src/engine/events.js';
import { client } from './helpers/sim.js';
import { internalsOf } from '../src/internal.js';

function events(c: ReturnType<typeof client>) {
  const collection = internalsOf(c.sim).engine.test.peek(EVENTS);
  return collection ? collection.order.values().map((r) => collection.get(r.id)!.object) : [];
}

describe('customers', () => {
  it('merges nested hashes leaf by leaf and unsets with null or ""', async () => {
    const c = client();
    const id = (await c.post('/v1/customers', { address: { city: 'Berlin', line1: 'Unter den Linden 1' }, phone: '+4930123', metadata: { a: '1', b: '2' } })).body.id;
    const updated = await c.post(`/v1/customers/${id}`, { address: { postal_code: '10117' }, phone: null, metadata: { a: '', c: '3' } });
    expect(updated.body.address).toEqual({ city: 'Berlin', line1: 'Unter den Linden 1', line2: null, country: null, postal_code: '10117', state: null });
    expect(updated.body.phone).toBeNull();
    expect(updated.body.metadata).toEqual({ b: '2', c: '3' });
    const cleared = await c.request('POST', `/v1/customers/${id}`, 'metadata=', { 'Content-Type': 'application/x-www-form-urlencoded' });
    expect(cleared.body.metadata).toEqual({});
  });

  it('keeps a metadata key named __proto__ as a key, reaching no prototype', async () => {
    const c = client();
    const res = await c.post('/v1/customers', '{"metadata":{"__proto__":"x","a":"b"}}');
    expect(res.text).toContain('"metadata":{"__proto__":"x","a":"b"}');
    const form = await c.request('POST', `/v1/customers/${res.body.id}`, 'metadata[__proto__]=y', { 'Content-Type': 'application/x-www-form-urlencoded' });
    expect(form.text).toContain('"metadata":{"__proto__":"y","a":"b"}');
    expect(({} as Record<string, unknown>)['x']).toBeUndefined();
  });

  it('records created, updated (with previous attributes) and deleted events, in order', async () => {
    const c = client();
    const id = (await c.post('/v1/customers', { name: 'A', metadata: { k: 'v' } })).body.id;
    await c.post(`/v1/customers/${id}`, { name: 'B', metadata: { n: 'new' } });
    await c.post(`/v1/customers/${id}`, { name: 'B' }); // no change: no event
    await c.del(`/v1/customers/${id}`);
    const log = events(c);
    expect(log.map((e) => e.type)).toEqual(['customer.created', 'customer.updated', 'customer.deleted']);
    expect(log[1]!.data.previous_attributes).toEqual({ name: 'A', metadata: { n: null } });
    expect(log[2]!.data.object).toMatchObject({ id, name: 'B' });
    expect(log[2]!.data.object).not.toHaveProperty('deleted');
    expect(log[0]!.request.id).toMatch(/^req_/);
  });

  it('filters lists by exact, case-sensitive email and leaves deleted customers out', async () => {
    const c = client();
    await c.post('/v1/customers', { email: 'Jenny@example.com' });
    const jenny = (await c.post('/v1/customers', { email: 'jenny@example.com' })).body.id;
    const gone = (await c.post('/v1/customers', { email: 'jenny@example.com' })).body.id;
    await c.del(`/v1/customers/${gone}`);
    const list = await c.get('/v1/customers?email=jenny@example.com');
    expect(list.body.data.map((x: { id: string }) => x.id)).toEqual([jenny]);
    expect(list.body.url).toBe('/v1/customers');
  });

  it('refuses a taken invoice prefix and frees it on delete', async () => {
    const c = client();
    const first = (await c.post('/v1/customers', { invoice_prefix: 'ACME' })).body.id;
    const taken = await c.post('/v1/customers', { invoice_prefix: 'ACME' });
    expect(taken.body.error).toEqual({
      type: 'invalid_request_error',
      param: 'invoice_prefix',
      message: `This invoice number prefix is taken by customer: ${first}. Please enter a different prefix.`,
    });
    await c.del(`/v1/customers/${first}`);
    expect((await c.post('/v1/customers', { invoice_prefix: 'ACME' })).status).toBe(200);
  });

  it('attaches a payment method on create and keeps the default payment method consistent', async () => {
    const c = client();
    const created = await c.post('/v1/customers', { payment_method: 'pm_card_visa' });
    expect(created.status).toBe(200);
    const id = created.body.id;
    const [pm] = (await c.get(`/v1/customers/${id}/payment_methods`)).body.data;
    expect(pm.customer).toBe(id);
    const withDefault = await c.post(`/v1/customers/${id}?expand[]=invoice_settings.default_payment_method`, {
      invoice_settings: { default_payment_method: pm.id },
    });
    expect(withDefault.body.invoice_settings.default_payment_method).toMatchObject({ id: pm.id, object: 'payment_method' });
    const stranger = (await c.post('/v1/payment_methods', { type: 'card', card: { token: 'tok_mastercard' } })).body.id;
    const refused = await c.post(`/v1/customers/${id}`, { invoice_settings: { default_payment_method: stranger } });
    expect(refused.body.error).toEqual({
      type: 'invalid_request_error',
      code: 'resource_missing',
      param: 'invoice_settings[default_payment_method]',
      message: `No such PaymentMethod: '${stranger}'`,
    });
    // Detaching the default clears it.
    await c.post(`/v1/payment_methods/${pm.id}/detach`);
    expect((await c.get(`/v1/customers/${id}`)).body.invoice_settings.default_payment_method).toBeNull();
  });

  it('detaches payment methods when their customer is deleted', async () => {
    const c = client();
    const id = (await c.post('/v1/customers', {})).body.id;
    const pm = (await c.post('/v1/payment_methods/pm_card_visa/attach', { customer: id })).body.id;
    await c.del(`/v1/customers/${id}`);
    expect((await c.get(`/v1/payment_methods/${pm}`)).body.customer).toBeNull();
  });
});

describe('payment methods', () => {
  it('pm_card_* ids make a new PaymentMethod on each use, from the catalogue', async () => {
    const c = client();
    const id = (await c.post('/v1/customers', {})).body.id;
    const a = await c.post('/v1/payment_methods/pm_card_amex/attach', { customer: id });
    const b = await c.post('/v1/payment_methods/pm_card_amex/attach', { customer: id });
    expect(a.body.id).not.toBe(b.body.id);
    expect(a.body.card).toMatchObject({ brand: 'amex', last4: '0005', display_brand: 'american_express', three_d_secure_usage: { supported: false } });
    expect(a.body.card.fingerprint).toBe(b.body.card.fingerprint);
    expect((await c.get(`/v1/payment_methods/${a.body.id}`)).body).toEqual(a.body);
  });

  it('tokens and raw numbers resolve to the catalogue; unknown valid numbers behave like 4242', async () => {
    const c = client();
    const tok = await c.post('/v1/payment_methods', { type: 'card', card: { token: 'tok_visa_debit' } });
    expect(tok.body.card).toMatchObject({ brand: 'visa', funding: 'debit', last4: '5556' });
    const jcb = await c.post('/v1/payment_methods', { type: 'card', card: { number: '3566 0020 2036 0505', exp_month: 3, exp_year: 30 } });
    expect(jcb.body.card).toMatchObject({ brand: 'jcb', country: 'JP', exp_year: 2030, last4: '0505' });
    const other = await c.post('/v1/payment_methods', { type: 'card', card: { number: '5105105105105118', exp_month: 3, exp_year: 2031 } });
    expect(other.body.card).toMatchObject({ brand: 'mastercard', funding: 'credit', country: 'US' });
    const badToken = await c.post('/v1/payment_methods', { type: 'card', card: { token: 'pm_card_visa' } });
    expect(badToken.body.error).toEqual({ type: 'invalid_request_error', param: 'token', message: 'Invalid token id: pm_card_visa' });
  });

  it('resolves checks at attach: CVC and address results from the table', async () => {
    const c = client();
    const id = (await c.post('/v1/customers', {})).body.id;
    const pm = await c.post('/v1/payment_methods', {
      type: 'card',
      card: { number: '4000000000000101', exp_month: 12, exp_year: 2031, cvc: '123' },
      billing_details: { address: { postal_code: '12345', line1: '1 Main St' } },
    });
    expect(pm.body.card.checks).toEqual({ address_line1_check: 'unchecked', address_postal_code_check: 'unchecked', cvc_check: 'unchecked' });
    const attached = await c.post(`/v1/payment_methods/${pm.body.id}/attach`, { customer: id });
    expect(attached.body.card.checks).toEqual({ address_line1_check: 'pass', address_postal_code_check: 'pass', cvc_check: 'fail' });
  });

  it('updates billing details and expiry of an attached card, recording payment_method.updated', async () => {
    const c = client();
    const id = (await c.post('/v1/customers', {})).body.id;
    const pm = (await c.post('/v1/payment_methods/pm_card_visa/attach', { customer: id })).body;
    const updated = await c.post(`/v1/payment_methods/${pm.id}`, { card: { exp_month: 6, exp_year: 2032 }, billing_details: { name: 'J' } });
    expect(updated.body.card).toMatchObject({ exp_month: 6, exp_year: 2032 });
    expect(updated.body.billing_details.name).toBe('J');
    const viaPut = await c.request('PUT', `/v1/payment_methods/${pm.id}`, { metadata: { via: 'put' } });
    expect(viaPut.body.metadata).toEqual({ via: 'put' });
    expect(events(c).map((e) => e.type)).toEqual(['customer.created', 'payment_method.attached', 'payment_method.updated', 'payment_method.updated']);
  });
});
