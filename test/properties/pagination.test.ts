/** Paging forwards and backwards with random limits visits every object exactly once, in order. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { client, type Client } from '../helpers/sim.js';

async function pageAll(
  c: Client,
  path: string,
  limit: number,
  direction: 'forward' | 'backward',
  filter = '',
  start?: string,
): Promise<string[]> {
  const seen: string[] = [];
  let cursor = start;
  for (;;) {
    const cursorParam = cursor ? `&${direction === 'forward' ? 'starting_after' : 'ending_before'}=${cursor}` : '';
    const reply = await c.get(`${path}?limit=${limit}${filter}${cursorParam}`);
    expect(reply.status).toBe(200);
    const ids: string[] = reply.body.data.map((o: { id: string }) => o.id);
    expect(ids.length).toBeLessThanOrEqual(limit);
    if (direction === 'forward') seen.push(...ids);
    else seen.unshift(...ids);
    if (!reply.body.has_more) return seen;
    cursor = direction === 'forward' ? ids[ids.length - 1] : ids[0];
  }
}

describe('pagination', () => {
  it('visits every customer exactly once, newest first, in both directions', async () => {
    await fc.assert(
      fc.asyncProperty(
        // Gaps between creations in seconds: many zeros, so ties within a second are common.
        fc.array(fc.nat({ max: 3 }), { minLength: 0, maxLength: 40 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 12 }),
        async (gaps, forwardLimit, backwardLimit) => {
          const c = client();
          const created: string[] = [];
          for (const gap of gaps) {
            if (gap) await c.sim.clock.advance(gap * 1000);
            created.push((await c.post('/v1/customers', {})).body.id);
          }
          const newestFirst = [...created].reverse();
          expect(await pageAll(c, '/v1/customers', forwardLimit, 'forward')).toEqual(newestFirst);
          // Backwards: from the oldest object as ending_before cursor, walk towards the newest.
          if (created.length > 0) {
            const oldest = created[0]!;
            const fromOldest = await pageAll(c, '/v1/customers', backwardLimit, 'backward', '', oldest);
            expect(fromOldest).toEqual(newestFirst.slice(0, -1));
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('a created range pages exactly the objects inside it', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.nat({ max: 2 }), { minLength: 1, maxLength: 25 }),
        fc.nat({ max: 40 }),
        fc.nat({ max: 40 }),
        fc.integer({ min: 1, max: 7 }),
        async (gaps, a, b, limit) => {
          const c = client();
          const start = Math.floor(c.sim.clock.now() / 1000);
          const created: { id: string; at: number }[] = [];
          for (const gap of gaps) {
            if (gap) await c.sim.clock.advance(gap * 1000);
            const body = (await c.post('/v1/customers', {})).body;
            created.push({ id: body.id, at: body.created });
          }
          const [lo, hi] = [start + Math.min(a, b), start + Math.max(a, b)];
          const expected = created.filter((x) => x.at >= lo && x.at < hi).map((x) => x.id).reverse();
          const got = await pageAll(c, '/v1/customers', limit, 'forward', `&created[gte]=${lo}&created[lt]=${hi}`);
          expect(got).toEqual(expected);
        },
      ),
      { numRuns: 40 },
    );
  });

  it("pages a customer's payment methods, including after detaches", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.boolean(), { minLength: 1, maxLength: 20 }), fc.integer({ min: 1, max: 6 }), async (keep, limit) => {
        const c = client();
        const customer = (await c.post('/v1/customers', {})).body.id;
        const kept: string[] = [];
        for (const k of keep) {
          const pm = (await c.post('/v1/payment_methods/pm_card_visa/attach', { customer })).body.id;
          if (k) kept.push(pm);
          else await c.post(`/v1/payment_methods/${pm}/detach`);
        }
        expect(await pageAll(c, `/v1/customers/${customer}/payment_methods`, limit, 'forward')).toEqual([...kept].reverse());
      }),
      { numRuns: 30 },
    );
  });
});
