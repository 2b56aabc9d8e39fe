import { describe, expect, it } from 'vitest';
import { TEST_CARDS } from '../../src/index.js';
import { luhnValid } from '../../src/engine/cards.js';

describe('the test-card table', () => {
  it('every number is Luhn-valid and appears once', () => {
    const numbers = TEST_CARDS.flatMap((c) => (c.number ? [c.number] : []));
    expect(numbers.filter((n) => !luhnValid(n))).toEqual([]);
    expect(new Set(numbers).size).toBe(numbers.length);
  });

  it('every pm_card_* id and tok_* token names one card', () => {
    const pms = TEST_CARDS.flatMap((c) => c.paymentMethods);
    const toks = TEST_CARDS.flatMap((c) => c.tokens);
    expect(new Set(pms).size).toBe(pms.length);
    expect(new Set(toks).size).toBe(toks.length);
    expect(pms.every((p) => p.startsWith('pm_card_'))).toBe(true);
    expect(toks.every((t) => t.startsWith('tok_'))).toBe(true);
  });

  it('holds the cards the overview names, with the behaviour it names', () => {
    const byNumber = new Map(TEST_CARDS.map((c) => [c.number, c]));
    const visa = byNumber.get('4242424242424242')!;
    expect([visa.brand, visa.attachDecline, visa.chargeDecline]).toEqual(['visa', undefined, undefined]);
    expect(byNumber.get('4000000000000002')?.attachDecline).toBe('generic_decline');
    expect(byNumber.get('4000000000009995')?.attachDecline).toBe('insufficient_funds');
    expect(byNumber.get('4000000000000069')?.attachDecline).toBe('expired_card');
    expect(byNumber.get('4000000000000119')?.attachDecline).toBe('processing_error');
  });
});
