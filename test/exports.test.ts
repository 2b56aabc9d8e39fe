/** The public surface is a promise: adding is fine, renaming or removing breaks merchants' suites. */
import { expect, expectTypeOf, it } from 'vitest';
import * as root from '../src/index.js';

it('the package root exports exactly these names', () => {
  expect(Object.keys(root).sort()).toEqual([
    'API_VERSIONS',
    'ApiError',
    'DECLINES',
    'DEFAULT_API_VERSION',
    'DEFAULT_LIMITS',
    'DEFAULT_TOLERANCE_SECONDS',
    'EVENT_TYPES',
    'SIGNATURE_HEADER',
    'SimulatedNetworkError',
    'Simulator',
    'SimulatorSnapshot',
    'SimulatorUsageError',
    'TEST_CARDS',
    'WebhookSignatureError',
    'constructEvent',
    'createSimulator',
    'fault',
    'generateTestHeader',
    'parseDuration',
  ]);
});

it('a simulator exposes the promised members', () => {
  const sim = root.createSimulator();
  expect(typeof sim.fetch).toBe('function');
  expect(sim.secretKey).toMatch(/^sk_test_[0-9A-Za-z]{24}$/);
  expect(sim.publishableKey).toMatch(/^pk_test_[0-9A-Za-z]{24}$/);
  expect(sim.liveSecretKey).toMatch(/^sk_live_/);
  expect(typeof sim.clock.now).toBe('function');
  expect(typeof sim.clock.advance).toBe('function');
  expect(typeof sim.clock.set).toBe('function');
  expect(typeof sim.reset).toBe('function');
  expect(typeof sim.authenticatePaymentIntent).toBe('function');
  expect(typeof sim.flush).toBe('function');
  expect(typeof sim.webhooks.listen).toBe('function');
  expect(typeof sim.webhooks.attempts).toBe('function');
  expect(typeof sim.requests).toBe('function');
  expect(typeof sim.snapshot).toBe('function');
  expect(typeof sim.restore).toBe('function');
});

it('the machinery stays off the simulator: not in its type, not among its own keys', () => {
  const sim = root.createSimulator();
  for (const name of ['handleWire', 'respond', 'reserve', 'handle', 'hasDueWork', '_engine', 'engine', 'runtime']) {
    expect(name in sim, name).toBe(false);
  }
  // eventemitter3 keeps its listeners in `_events` and `_eventsCount`.
  expect(Object.keys(sim).filter((k) => !k.startsWith('_events')).sort()).toEqual(['clock', 'faults', 'fetch', 'webhooks']);
  expectTypeOf<root.Simulator>().not.toHaveProperty('handleWire');
  expectTypeOf<root.Simulator>().not.toHaveProperty('respond');
  expectTypeOf<root.Simulator>().not.toHaveProperty('reserve');
  expectTypeOf<root.Simulator>().not.toHaveProperty('_engine');
});

it('request parameter types are exported and follow the declarations', () => {
  expectTypeOf<root.PaymentIntentCreateParams['amount']>().toEqualTypeOf<number>();
  expectTypeOf<root.PaymentIntentCreateParams>().toHaveProperty('confirm').toEqualTypeOf<boolean | undefined>();
  expectTypeOf<root.CustomerCreateParams>().toHaveProperty('email').toEqualTypeOf<string | null | undefined>();
  expectTypeOf<root.PaymentIntentCreateParams['capture_method']>().toEqualTypeOf<'automatic' | 'automatic_async' | 'manual' | undefined>();
  expectTypeOf<NonNullable<root.CustomerListParams['created']>>().toEqualTypeOf<number | { gt?: number; gte?: number; lt?: number; lte?: number }>();
  expectTypeOf<root.EventType>().toExtend<string>();
  expectTypeOf<'payment_intent.succeeded'>().toExtend<root.EventType>();
});
