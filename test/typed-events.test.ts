/**
 * Typed events (issue #19): `event.data.object` narrows with `event.type`, for every event type
 * the simulator emits, in `sim.webhooks.listen`, `sim.on('event')` and `constructEvent`.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  constructEvent,
  createSimulator,
  EVENT_TYPES,
  type Charge,
  type Customer,
  type EventObjects,
  type EventType,
  type PaymentIntent,
  type Refund,
  type TypedEvent,
} from '../src/index.js';

describe('types', () => {
  it('every event type narrows data.object to its object', () => {
    // For each type K, the event of type K carries EventObjects[K] — all 34 at once.
    type Narrowed = { [K in EventType]: Extract<TypedEvent, { type: K }>['data']['object'] };
    expectTypeOf<Narrowed>().toEqualTypeOf<EventObjects>();
    expectTypeOf<keyof EventObjects>().toEqualTypeOf<EventType>();
    expectTypeOf<TypedEvent<'payment_intent.succeeded'>['data']['object']>().toEqualTypeOf<PaymentIntent>();
    expectTypeOf<TypedEvent<'charge.refunded'>['data']['object']>().toEqualTypeOf<Charge>();
    expectTypeOf<TypedEvent<'charge.refund.updated'>['data']['object']>().toEqualTypeOf<Refund>();
    expectTypeOf<TypedEvent<'customer.created'>['data']['object']>().toEqualTypeOf<Customer>();
  });

  it('a switch on event.type narrows without a cast', () => {
    const amountOf = (event: TypedEvent): number | null => {
      switch (event.type) {
        case 'payment_intent.succeeded':
          expectTypeOf(event.data.object).toEqualTypeOf<PaymentIntent>();
          return event.data.object.amount_received;
        case 'charge.refunded':
          expectTypeOf(event.data.object).toEqualTypeOf<Charge>();
          return event.data.object.amount_refunded;
        default:
          return null;
      }
    };
    expectTypeOf(amountOf).returns.toEqualTypeOf<number | null>();
  });
});

describe('at run time', () => {
  it('listen, on("event") and constructEvent give typed events of every type the simulator emitted', async () => {
    const sim = createSimulator();
    const seen: string[] = [];
    sim.on('event', (event) => {
      if (event.type === 'customer.created') expectTypeOf(event.data.object).toEqualTypeOf<Customer>();
    });
    const endpoint = sim.webhooks.listen(async (request, event) => {
      const verified = constructEvent(await request.text(), request.headers.get('onerway-signature'), endpoint.secret);
      expectTypeOf(verified).toEqualTypeOf<TypedEvent>();
      expect(verified).toEqual(event);
      if (event.type === 'payment_intent.succeeded') seen.push(`paid ${event.data.object.amount}`);
      else seen.push(event.type);
    });
    await sim.fetch('https://api.onerway.com/v1/payment_intents', {
      method: 'POST',
      headers: { Authorization: `Bearer ${sim.secretKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ amount: 1234, currency: 'usd', payment_method: 'pm_card_visa', confirm: true }),
    });
    await sim.flush();
    expect(seen).toEqual(['payment_intent.created', 'charge.succeeded', 'paid 1234', 'charge.updated']);
    expect(seen.every((s) => s.startsWith('paid') || (EVENT_TYPES as readonly string[]).includes(s))).toBe(true);
  });
});
