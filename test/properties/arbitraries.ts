/** Arbitraries shared by the wire properties. */
import fc from 'fast-check';

const text = fc.string({ minLength: 1, maxLength: 12 });
const key = fc.stringMatching(/^[a-z][a-z0-9_]{0,11}$/);

export const email = fc
  .tuple(fc.stringMatching(/^[a-z0-9.]{1,10}$/), fc.constantFrom('example.com', 'shop.test', 'x.io'))
  .map(([user, domain]) => `${user}@${domain}`);

const address = fc.record(
  { city: text, country: fc.constantFrom('US', 'DE', 'JP'), line1: text, line2: text, postal_code: fc.stringMatching(/^\d{5}$/), state: text },
  { requiredKeys: ['city'] },
);

/** A valid customer-create body with no empty hashes or arrays (a form cannot express those). */
export const customerBody = fc.record(
  {
    email,
    name: text,
    description: text,
    phone: fc.stringMatching(/^\+?\d{6,12}$/),
    balance: fc.integer({ min: -100_000, max: 100_000 }),
    metadata: fc.dictionary(key, text, { minKeys: 1, maxKeys: 5 }),
    address,
    shipping: fc.record({ name: text, address, phone: fc.stringMatching(/^\d{6,10}$/) }, { requiredKeys: ['name', 'address'] }),
    preferred_locales: fc.array(fc.constantFrom('en', 'fr', 'de', 'ja'), { minLength: 1, maxLength: 3 }),
    tax_exempt: fc.constantFrom('none', 'exempt', 'reverse'),
    invoice_settings: fc.record({ footer: text }),
  },
  { requiredKeys: [] },
);

export const magicCard = fc.constantFrom(
  'pm_card_visa',
  'pm_card_mastercard',
  'pm_card_amex',
  'pm_card_visa_chargeDeclined',
  'pm_card_chargeCustomerFail',
  'pm_card_bogus',
);

/** One merchant action against the simulator; `target` picks among the ids created so far. */
export const operation = fc.oneof(
  fc.record({ kind: fc.constant('createCustomer' as const), body: customerBody }),
  fc.record({ kind: fc.constant('updateCustomer' as const), target: fc.nat(), body: customerBody }),
  fc.record({ kind: fc.constant('deleteCustomer' as const), target: fc.nat() }),
  fc.record({ kind: fc.constant('attach' as const), target: fc.nat(), card: magicCard }),
  fc.record({ kind: fc.constant('detach' as const), target: fc.nat() }),
  fc.record({ kind: fc.constant('list' as const), limit: fc.integer({ min: 0, max: 101 }), expand: fc.boolean() }),
  fc.record({ kind: fc.constant('retrieve' as const), target: fc.nat(), bogus: fc.boolean() }),
  fc.record({ kind: fc.constant('advance' as const), seconds: fc.nat({ max: 100_000 }) }),
);
export type Operation = typeof operation extends fc.Arbitrary<infer T> ? T : never;
