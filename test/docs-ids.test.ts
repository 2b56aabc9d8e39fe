/**
 * Every test-card id a page names is one the simulator knows: a `pm_card_*` or `tok_*` id in the
 * README or docs/ that is not in the catalogue would send a merchant to a "No such PaymentMethod".
 */
import { readdirSync, readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { CARDS_BY_PAYMENT_METHOD, CARDS_BY_TOKEN } from '../src/engine/test-cards.js';

const pages = ['README.md', ...readdirSync('docs').filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

it.each(pages)('%s names only catalogue ids', (page) => {
  const ids = [...readFileSync(page, 'utf8').matchAll(/\b(pm_card_[A-Za-z0-9_]+|tok_[A-Za-z0-9_]+)/g)].map((m) => m[1]!);
  const unknown = ids.filter((id) => !(id.startsWith('tok_') ? CARDS_BY_TOKEN.has(id) : CARDS_BY_PAYMENT_METHOD.has(id)));
  expect(unknown).toEqual([]);
});
