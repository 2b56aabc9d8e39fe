/** Properties of the pipeline's guarantees: idempotent replays and rate-limit windows. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { client, stateOf, type Client } from '../helpers/sim.js';

type Keyed = { key: string; path: string; body: Record<string, unknown> };

const cardArb = fc.constantFrom('pm_card_visa', 'pm_card_visa_chargeDeclined', 'pm_card_mastercard', 'pm_card_threeDSecure2Required');
/** Keyed POSTs; `#n` in a path or body is replaced by the id of the n-th PaymentIntent created so far. */
const requestArb = fc.oneof(
  fc.record({ path: fc.constant('/v1/customers'), body: fc.record({ email: fc.constantFrom('a@x.io', 'b@x.io') }) }),
  fc.record({
    path: fc.constant('/v1/payment_intents'),
    body: fc.record({
      amount: fc.integer({ min: 50, max: 5000 }),
      currency: fc.constant('usd'),
      payment_method: cardArb,
      confirm: fc.constant(true),
      capture_method: fc.constantFrom('automatic', 'manual'),
    }),
  }),
  fc.record({ path: fc.constant('/v1/refunds'), body: fc.record({ payment_intent: fc.nat(5).map((n) => `#${n}`), amount: fc.integer({ min: 1, max: 3000 }) }) }),
  fc.record({ path: fc.nat(5).map((n) => `/v1/payment_intents/#${n}/capture`), body: fc.constant({}) }),
);
const keyedArb: fc.Arbitrary<Keyed> = fc.tuple(fc.constantFrom('k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'k7', 'k8', 'k9'), requestArb).map(([key, r]) => ({ key, ...r }));

/** Replaces `#n` with the n-th PaymentIntent id created so far. */
function filled(r: Keyed, intents: readonly string[]): Keyed {
  const fill = (text: string) => text.replace(/#(\d)/g, (_, n: string) => intents[Number(n) % Math.max(1, intents.length)] ?? 'pi_none');
  return { key: r.key, path: fill(r.path), body: JSON.parse(fill(JSON.stringify(r.body))) };
}

const post = (c: Client, r: Keyed) => c.post(r.path, r.body, { 'Idempotency-Key': r.key });
const isKeyReuse = (text: string) => text.includes('"idempotency_error"');

describe('idempotency', () => {
  it('replaying any earlier keyed request answers the same status and bytes and changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(keyedArb, { minLength: 1, maxLength: 25 }), fc.array(fc.nat(), { minLength: 1, maxLength: 5 }), async (requests, picks) => {
        const c = client();
        const intents: string[] = [];
        const sent: { request: Keyed; status: number; text: string }[] = [];
        for (const r of requests) {
          const request = filled(r, intents);
          const res = await post(c, request);
          sent.push({ request, status: res.status, text: res.text });
          const created = res.status === 200 ? res.body : res.body.error?.payment_intent;
          if (r.path === '/v1/payment_intents' && created?.object === 'payment_intent' && !intents.includes(created.id)) intents.push(created.id);
        }
        for (const pick of picks) {
          const earlier = sent[pick % sent.length]!;
          // The answer a retry must get: what the key's first (stored) use answered.
          const firstUse = sent.find((x) => x.request.key === earlier.request.key && !isKeyReuse(x.text));
          const before = stateOf(c.sim);
          const again = await post(c, earlier.request);
          expect(stateOf(c.sim)).toBe(before);
          if (!isKeyReuse(again.text)) {
            expect(again.headers.get('idempotent-replayed')).toBe('true');
            expect([again.status, again.text]).toEqual([firstUse!.status, firstUse!.text]);
          } else {
            // This request differs from the key's first use: still refused, still nothing changed.
            expect(again.status).toBe(400);
          }
        }
      }),
      { numRuns: 80 },
    );
  });
});

describe('rate limits', () => {
  it('no second of simulated time admits more than the burst (the overview\'s promise), and Remaining never goes negative or up without time passing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 20 }),
        // Bursts: `count` requests at one instant, `gap` ms after the previous burst.
        fc.array(fc.record({ gap: fc.oneof(fc.constant(0), fc.nat(100), fc.nat(3000)), count: fc.integer({ min: 1, max: 45 }) }), {
          minLength: 1,
          maxLength: 15,
        }),
        async (rate, burst, bursts) => {
          const c = client({ rateLimits: { mode: 'enforce', test: { rate, burst } } });
          const admitted: number[] = [];
          let previous: { remaining: number; at: number } | undefined;
          for (const { gap, count } of bursts) {
            if (gap) await c.sim.clock.advance(gap);
            for (let n = 0; n < count; n++) {
              const res = await c.get('/v1/balance');
              const at = c.sim.clock.now();
              const remaining = Number(res.headers.get('x-ratelimit-remaining'));
              expect(remaining).toBeGreaterThanOrEqual(0);
              if (previous && previous.at === at) expect(remaining).toBeLessThanOrEqual(previous.remaining);
              previous = { remaining, at };
              if (res.status === 200) admitted.push(at);
              else expect(res.status).toBe(429);
            }
          }
          for (let i = 0; i < admitted.length; i++) {
            const inWindow = admitted.filter((t) => t >= admitted[i]! && t < admitted[i]! + 1000).length;
            expect(inWindow).toBeLessThanOrEqual(burst);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
