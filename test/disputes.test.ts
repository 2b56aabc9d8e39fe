/** The dispute lifecycle through sim.fetch: every dispute card, evidence, review, closing, money. */
import { describe, expect, it } from 'vitest';
import { EVENTS } from '../src/engine/events.js';
import { internalsOf } from '../src/internal.js';
import { client, rejects, type Client } from './helpers/sim.js';

function eventTypes(c: Client): string[] {
  const events = internalsOf(c.sim).engine.test.peek(EVENTS);
  return events ? events.order.values().map((r) => events.get(r.id)!.object.type) : [];
}

const pay = (c: Client, pm: string, amount = 3000, currency = 'usd') =>
  c.post('/v1/payment_intents', { amount, currency, payment_method: pm, confirm: true });
const total = async (c: Client, currency = 'usd') => {
  const b = (await c.get('/v1/balance')).body;
  const sum = (xs: { amount: number; currency: string }[]) => xs.filter((x) => x.currency === currency).reduce((t, x) => t + x.amount, 0);
  return sum(b.available) + sum(b.pending);
};
const dispute = async (c: Client) => (await c.get('/v1/disputes')).body.data[0];

describe('the dispute cards', () => {
  it.each([
    ['pm_card_createDispute', 'fraudulent', 'needs_response', 'chargeback', []],
    ['pm_card_createDisputeProductNotReceived', 'product_not_received', 'needs_response', 'chargeback', []],
    ['pm_card_createDisputeInquiry', 'general', 'warning_needs_response', 'inquiry', []],
    ['pm_card_createMultipleDisputes', 'general', 'needs_response', 'chargeback', []],
    ['pm_card_createCe3EligibleDispute', 'fraudulent', 'needs_response', 'chargeback', ['visa_compelling_evidence_3']],
    ['pm_card_createComplianceDispute', 'noncompliant', 'needs_response', 'chargeback', []],
  ] as const)('%s opens a %s dispute in %s', async (pm, reason, status, caseType, eligibility) => {
    const c = client();
    const before = await total(c);
    const pi = (await pay(c, pm)).body;
    const d = await dispute(c);
    expect(d).toMatchObject({ object: 'dispute', reason, status, amount: 3000, charge: pi.latest_charge, payment_intent: pi.id, enhanced_eligibility_types: eligibility });
    expect(d.payment_method_details).toEqual({ card: { brand: 'visa', case_type: caseType, network_reason_code: null }, type: 'card' });
    expect(d.evidence_details).toEqual({ due_by: d.created + 7 * 86_400, enhanced_eligibility: {}, has_evidence: false, past_due: false, submission_count: 0 });
    const netOfCharge = 3000 - (Math.round(3000 * 0.029) + 30);
    if (caseType === 'chargeback') {
      expect(d.balance_transactions.map((t: { amount: number; fee: number; net: number; type: string; reporting_category: string }) => [t.amount, t.fee, t.net, t.type, t.reporting_category])).toEqual([
        [-3000, 1500, -4500, 'adjustment', 'dispute'],
      ]);
      expect(d.balance_transactions[0].fee_details).toEqual([{ amount: 1500, application: null, currency: 'usd', description: 'Dispute fee', type: 'stripe_fee' }]);
      expect(await total(c)).toBe(before + netOfCharge - 4500);
      expect(eventTypes(c).slice(-2)).toEqual(['charge.dispute.created', 'charge.dispute.funds_withdrawn']);
    } else {
      expect(d.balance_transactions).toEqual([]);
      expect(await total(c)).toBe(before + netOfCharge);
      expect(eventTypes(c).at(-1)).toBe('charge.dispute.created');
    }
  });

  it('pm_card_createIssuerFraudRecord raises an early fraud warning, not a dispute', async () => {
    const c = client();
    const pi = (await pay(c, 'pm_card_createIssuerFraudRecord')).body;
    expect((await c.get('/v1/disputes')).body.data).toEqual([]);
    const [warning] = (await c.get(`/v1/radar/early_fraud_warnings?payment_intent=${pi.id}`)).body.data;
    expect(warning).toEqual({
      id: warning.id,
      object: 'radar.early_fraud_warning',
      actionable: true,
      charge: pi.latest_charge,
      created: warning.created,
      fraud_type: 'made_with_stolen_card',
      livemode: false,
      payment_intent: pi.id,
    });
    expect((await c.get(`/v1/radar/early_fraud_warnings/${warning.id}`)).body.id).toBe(warning.id);
    expect(eventTypes(c)).toContain('radar.early_fraud_warning.created');
  });
});

describe('answering a dispute', () => {
  it('winning_evidence: under review, then won after the review day; the amount and fee come back', async () => {
    const c = client();
    await pay(c, 'pm_card_createDispute');
    const before = await total(c);
    const d = await dispute(c);
    const submitted = (await c.post(`/v1/disputes/${d.id}`, { evidence: { uncategorized_text: 'winning_evidence', customer_name: 'Jenny Rosen' } })).body;
    expect(submitted).toMatchObject({ status: 'under_review', evidence: { uncategorized_text: 'winning_evidence', customer_name: 'Jenny Rosen', receipt: null } });
    expect(submitted.evidence_details).toMatchObject({ has_evidence: true, submission_count: 1 });
    await c.sim.clock.advance('23h');
    expect((await c.get(`/v1/disputes/${d.id}`)).body.status).toBe('under_review');
    await c.sim.clock.advance('1h');
    const won = (await c.get(`/v1/disputes/${d.id}`)).body;
    expect(won.status).toBe('won');
    expect(won.balance_transactions.map((t: { amount: number; fee: number; net: number; reporting_category: string }) => [t.amount, t.fee, t.net, t.reporting_category])).toEqual([
      [-3000, 1500, -4500, 'dispute'],
      [3000, -1500, 4500, 'dispute_reversal'],
    ]);
    expect(await total(c)).toBe(before + 4500);
    expect(eventTypes(c).slice(-3)).toEqual(['charge.dispute.updated', 'charge.dispute.funds_reinstated', 'charge.dispute.closed']);
    expect(c.sim.coverage().timedBehaviours.met).toContain('dispute_won');
  });

  it('losing_evidence: lost after the review; the money stays withdrawn', async () => {
    const c = client();
    await pay(c, 'pm_card_createDisputeProductNotReceived');
    const before = await total(c);
    const d = await dispute(c);
    await c.post(`/v1/disputes/${d.id}`, { evidence: { uncategorized_text: 'losing_evidence' } });
    await c.sim.clock.advance('1d');
    expect((await c.get(`/v1/disputes/${d.id}`)).body.status).toBe('lost');
    expect(await total(c)).toBe(before);
    expect(eventTypes(c).at(-1)).toBe('charge.dispute.closed');
  });

  it('submit=false saves evidence without submitting; evidence without a test string stays under review', async () => {
    const c = client();
    await pay(c, 'pm_card_createDispute');
    const d = await dispute(c);
    const saved = (await c.post(`/v1/disputes/${d.id}`, { evidence: { product_description: 'A lamp' }, submit: false })).body;
    expect([saved.status, saved.evidence_details.has_evidence, saved.evidence_details.submission_count]).toEqual(['needs_response', true, 0]);
    await c.post(`/v1/disputes/${d.id}`, { submit: true });
    await c.sim.clock.advance('3d');
    expect((await c.get(`/v1/disputes/${d.id}`)).body.status).toBe('under_review');
    await rejects(c, () => c.post(`/v1/disputes/${d.id}`, { evidence: { uncategorized_text: 'winning_evidence' } }), 400, {
      type: 'invalid_request_error', message: 'This dispute is under review: its evidence was submitted and can no longer change.', param: 'evidence',
    });
    expect((await c.post(`/v1/disputes/${d.id}`, { metadata: { case: '12' } })).body.metadata).toEqual({ case: '12' });
  });

  it('close accepts the loss; an unanswered chargeback is lost at due_by, past due', async () => {
    const c = client();
    await pay(c, 'pm_card_createDispute');
    const first = await dispute(c);
    expect((await c.post(`/v1/disputes/${first.id}/close`)).body.status).toBe('lost');
    await rejects(c, () => c.post(`/v1/disputes/${first.id}/close`), 400, {
      type: 'invalid_request_error', message: 'This dispute is already closed (lost): its evidence can no longer change.',
    });
    await pay(c, 'pm_card_createDispute');
    const second = await dispute(c);
    await c.sim.clock.advance('7d');
    const expired = (await c.get(`/v1/disputes/${second.id}`)).body;
    expect([expired.status, expired.evidence_details.past_due]).toEqual(['lost', true]);
  });

  it('an inquiry closes without money moving: answered, or left to its due date', async () => {
    const c = client();
    await pay(c, 'pm_card_createDisputeInquiry');
    const before = await total(c);
    const d = await dispute(c);
    expect((await c.post(`/v1/disputes/${d.id}`, { evidence: { uncategorized_text: 'winning_evidence' } })).body.status).toBe('warning_under_review');
    await c.sim.clock.advance('1d');
    expect((await c.get(`/v1/disputes/${d.id}`)).body.status).toBe('warning_closed');
    await pay(c, 'pm_card_createDisputeInquiry');
    const second = await dispute(c);
    await c.sim.clock.advance('7d');
    expect((await c.get(`/v1/disputes/${second.id}`)).body.status).toBe('warning_closed');
    const netOfCharge = 3000 - (Math.round(3000 * 0.029) + 30);
    expect(await total(c)).toBe(before + netOfCharge);
  });

  it('pm_card_createMultipleDisputes: once the first dispute closes, a second one opens', async () => {
    const c = client();
    const pi = (await pay(c, 'pm_card_createMultipleDisputes')).body;
    const first = await dispute(c);
    await c.post(`/v1/disputes/${first.id}/close`);
    const all = (await c.get(`/v1/disputes?charge=${pi.latest_charge}`)).body.data;
    expect(all.map((d: { status: string; reason: string }) => [d.status, d.reason])).toEqual([['needs_response', 'fraudulent'], ['lost', 'general']]);
  });

  it('refuses bad input and unknown disputes, changing nothing', async () => {
    const c = client();
    await pay(c, 'pm_card_createDispute');
    const d = await dispute(c);
    await rejects(c, () => c.post(`/v1/disputes/${d.id}`, { evidence: { shipping_carier: 'UPS' } }), 400, expect.objectContaining({ param: 'evidence[shipping_carier]' }));
    await rejects(c, () => c.post(`/v1/disputes/${d.id}`, { evidence: { uncategorized_text: 'x'.repeat(20_001) } }), 400, expect.objectContaining({ param: 'evidence[uncategorized_text]' }));
    await rejects(c, () => c.get('/v1/disputes/dp_nope'), 404, { type: 'invalid_request_error', code: 'resource_missing', message: "No such dispute: 'dp_nope'", param: 'dispute' });
    await rejects(c, () => c.post('/v1/disputes/dp_nope/close'), 404, { type: 'invalid_request_error', code: 'resource_missing', message: "No such dispute: 'dp_nope'", param: 'dispute' });
  });
});
