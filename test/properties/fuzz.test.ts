/**
 * The fuzz suite, CI-sized (the long run is `npm run fuzz -- --requests 1000000`): random
 * methods, paths, headers and bodies through the fake fetch never get a 500, never make fetch
 * throw, and never change anything when refused (docs/reliability.md).
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { stateOf } from '../helpers/sim.js';
import { check, request, world } from '../fuzz/requests.js';

it('random requests: never a 500, never a thrown fetch, no state change after a 4xx', async () => {
  const w = await world(7);
  const seen = new Map<number, number>();
  await fc.assert(
    fc.asyncProperty(fc.array(request(w), { minLength: 1, maxLength: 8 }), async (requests) => {
      for (const req of requests) {
        const failure = await check(w, req, () => stateOf(w.sim));
        expect(failure, `${req.method} ${req.path.slice(0, 200)}\n${JSON.stringify(req.headers)}\n${req.body?.slice(0, 300)}`).toBeUndefined();
      }
      for (const r of w.sim.requests().slice(-requests.length)) seen.set(r.status, (seen.get(r.status) ?? 0) + 1);
    }),
    { numRuns: 250 },
  );
  // The fuzzer reaches the operations, not only the parser: both successes and refusals occur.
  expect(seen.get(200) ?? 0).toBeGreaterThan(20);
  expect(seen.get(400) ?? 0).toBeGreaterThan(20);
});
