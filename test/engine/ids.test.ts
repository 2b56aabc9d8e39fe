import { expect, it } from 'vitest';
import { IdGenerator } from '../../src/engine/ids.js';
import { Random } from '../../src/engine/random.js';

it('ids are the prefix and 24 base62 characters, every character equally likely', () => {
  const ids = new IdGenerator(new Random('ids'));
  const counts = new Map<string, number>();
  for (let i = 0; i < 20_000; i++) {
    const id = ids.next('pi');
    expect(id).toMatch(/^pi_[0-9A-Za-z]{24}$/);
    for (const ch of id.slice(3)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  expect(counts.size).toBe(62);
  const expected = (20_000 * 24) / 62;
  for (const n of counts.values()) expect(Math.abs(n - expected) / expected).toBeLessThan(0.06);
  expect(new IdGenerator(new Random('ids')).upper(8)).toMatch(/^[0-9A-Z]{8}$/);
});
