/** The OpenAPI description: valid OpenAPI 3.1, and exactly the routes the engine serves. */
import { Validator } from '@seriousme/openapi-schema-validator';
import { expect, it } from 'vitest';
import { RESOURCE_ROUTES } from '../src/engine/resources/registry.js';
import { DESCRIPTION } from './helpers/openapi.js';

it('validates against the OpenAPI 3.1 meta-schema', async () => {
  const validator = new Validator();
  const result = await validator.validate(structuredClone(DESCRIPTION));
  expect(result.errors ?? []).toEqual([]);
  expect(result.valid).toBe(true);
  expect(validator.version).toBe('3.1');
});

it('lists exactly the routes of the route table (PUT beside each update), with their events', () => {
  const described = Object.entries(DESCRIPTION['paths'] as Record<string, Record<string, { 'x-onerway-events': string[] }>>).flatMap(([path, ops]) =>
    Object.keys(ops).map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
  );
  const served = RESOURCE_ROUTES.flatMap((r) => [`${r.method} ${r.path}`, ...(r.update ? [`PUT ${r.path}`] : [])]);
  expect(described.sort()).toEqual(served.sort());
  const confirm = DESCRIPTION['paths']['/v1/payment_intents/{id}/confirm']['post'];
  expect(confirm['x-onerway-events']).toContain('payment_intent.succeeded');
  expect(Object.keys(confirm['responses'])).toContain('402');
});

it('marks the test helpers as the simulator\'s own, and describes both API versions', () => {
  const helpers = Object.entries(DESCRIPTION['paths'] as Record<string, Record<string, Record<string, unknown>>>).filter(([p]) => p.startsWith('/v1/test_helpers/'));
  expect(helpers.length).toBeGreaterThan(10);
  for (const [, ops] of helpers) for (const op of Object.values(ops)) expect(op['x-onerway-simulator']).toBe(true);
  expect(DESCRIPTION['components']['parameters']['Onerway-Version']['schema']['enum']).toEqual(['2024-06-01', '2024-11-01']);
  expect(DESCRIPTION['components']['schemas']['PaymentIntent']['properties']['charges']['description']).toMatch(/^Only with Onerway-Version before 2024-11-01/);
  // Nullable where a field can be null; absent from `required` where it can be absent.
  const charge = DESCRIPTION['components']['schemas']['Charge'];
  expect(charge['properties']['customer']['anyOf']).toContainEqual({ type: 'null' });
  expect(charge['required']).not.toContain('transfer');
  expect(charge['required']).toContain('transfer_data');
});
