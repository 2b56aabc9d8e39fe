import { expect, it } from 'vitest';
import { digest62, IdGenerator } from '../../src/engine/ids.js';
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

it('a seed gives the same ids in every release: the generator is part of the replay promise', () => {
  // Values from the first release; an id scheme change would rewrite every merchant's snapshots.
  const ids = new IdGenerator(new Random('x'));
  expect([ids.next('cus'), ids.token(32), ids.upper(8), ids.next('pi')]).toEqual([
    'cus_Q10lDhAeZFQLDHViBzeM4tAO',
    'K4vXh8azSjTeowvEFnDjlimO76CfcQAl',
    '24TY2LYA',
    'pi_UKJbUMHpkO7GDeMSjQTKhaJ5',
  ]);
  expect(digest62('test:4242424242424242', 16)).toBe('b3nJeunslJgvEZSz');
});
