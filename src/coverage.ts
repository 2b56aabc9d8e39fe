/**
 * `sim.coverage()`: what a simulator has seen, as data, each axis with what was met and what the
 * simulator could have produced but was not, so a suite sees its gaps (docs/coverage.md).
 */
import type { CoverageRecorder } from './engine/coverage.js';
import { DECLINES } from './engine/declines.js';
import { EVENT_TYPES } from './engine/event.js';
import { TEST_CARDS } from './engine/test-cards.js';
import { ROUTES } from './wire/router.js';

/** One axis: what was met, and what could have been but was not. */
export interface CoverageAxis {
  readonly met: string[];
  readonly missed: string[];
}

/** What a simulator has seen of the payment world. */
export interface Coverage {
  /** Routes (`POST /v1/customers`) called; `statuses` lists the status classes each answered. */
  readonly routes: CoverageAxis & { readonly statuses: Readonly<Record<string, string[]>> };
  readonly paymentIntentStates: CoverageAxis;
  /** Transitions taken (`requires_action → succeeded`); `missed` lists those the simulator can take. */
  readonly paymentIntentTransitions: CoverageAxis;
  /** Catalogue cards charged, by `pm_card_*` id. */
  readonly testCards: CoverageAxis;
  readonly declineCodes: CoverageAxis;
  readonly errorTypes: CoverageAxis;
  /** Error codes returned (`resource_missing`, `payment_intent_unexpected_state`, …); only `met`. */
  readonly errorCodes: CoverageAxis;
  readonly eventsEmitted: CoverageAxis;
  readonly eventsDelivered: CoverageAxis;
  readonly webhookOutcomes: CoverageAxis;
  readonly timedBehaviours: CoverageAxis;
  readonly faults: CoverageAxis;
}

const PI_STATES = ['requires_payment_method', 'requires_confirmation', 'requires_action', 'processing', 'requires_capture', 'canceled', 'succeeded'];

/** The transitions the simulator's PaymentIntents can take (docs/payments.md). */
const PI_TRANSITIONS = [
  'requires_payment_method → requires_confirmation',
  'requires_payment_method → requires_action',
  'requires_payment_method → requires_capture',
  'requires_payment_method → succeeded',
  'requires_payment_method → canceled',
  'requires_confirmation → requires_payment_method',
  'requires_confirmation → requires_action',
  'requires_confirmation → requires_capture',
  'requires_confirmation → succeeded',
  'requires_confirmation → canceled',
  'requires_action → requires_payment_method',
  'requires_action → requires_confirmation',
  'requires_action → requires_capture',
  'requires_action → succeeded',
  'requires_action → canceled',
  'requires_capture → succeeded',
  'requires_capture → canceled',
];

/** What the clock can do to a simulator's objects (docs/coverage.md). */
const TIMED_BEHAVIOURS = [
  'funds_available', 'authorization_expired', 'refund_succeeded', 'refund_failed',
  'payout_paid', 'payout_failed', 'automatic_payout', 'dispute_won', 'dispute_lost', 'dispute_warning_closed',
];

function axis(met: Iterable<string>, possible: readonly string[]): CoverageAxis {
  const seen = new Set(met);
  return { met: [...seen].sort(), missed: possible.filter((p) => !seen.has(p)).sort() };
}

export function coverageOf(r: CoverageRecorder): Coverage {
  const routes = ROUTES.map((route) => `${route.method} ${route.path}`);
  const statuses: Record<string, string[]> = {};
  for (const [route, classes] of [...r.routes].sort(([a], [b]) => (a < b ? -1 : 1))) statuses[route] = [...classes].sort();
  return {
    routes: { ...axis(r.routes.keys(), [...new Set(routes)]), statuses },
    paymentIntentStates: axis(r.states, PI_STATES),
    paymentIntentTransitions: axis(r.transitions, PI_TRANSITIONS),
    testCards: axis(r.cards, TEST_CARDS.flatMap((c) => c.paymentMethods.slice(0, 1))),
    declineCodes: axis(r.declineCodes, [...new Set(Object.values(DECLINES).map((d) => d.declineCode))]),
    errorTypes: axis(r.errorTypes, ['api_error', 'card_error', 'idempotency_error', 'invalid_request_error', 'rate_limit_error']),
    errorCodes: axis(r.errorCodes, []),
    eventsEmitted: axis(r.emitted, EVENT_TYPES),
    eventsDelivered: axis(r.delivered, EVENT_TYPES),
    webhookOutcomes: axis(r.webhookOutcomes, ['succeeded', 'failed', 'retried', 'gave_up']),
    timedBehaviours: axis(r.timed, TIMED_BEHAVIOURS),
    faults: axis(r.faults, ['api_error', 'lock_timeout', 'rate_limit', 'decline', 'network', 'latency']),
  };
}

/** A recorder as plain JSON, to carry coverage between processes (the vitest integration). */
export interface CoverageData {
  readonly routes: Readonly<Record<string, string[]>>;
  readonly sets: Readonly<Record<(typeof SET_AXES)[number], string[]>>;
}

const SET_AXES = ['states', 'transitions', 'cards', 'declineCodes', 'errorTypes', 'errorCodes', 'emitted', 'delivered', 'webhookOutcomes', 'timed', 'faults'] as const;

export function coverageData(r: CoverageRecorder): CoverageData {
  const routes: Record<string, string[]> = {};
  for (const [route, classes] of r.routes) routes[route] = [...classes];
  const sets = Object.fromEntries(SET_AXES.map((axis) => [axis, [...r[axis]]])) as CoverageData['sets'];
  return { routes, sets };
}

/** Adds what `data` saw to `into`. */
export function mergeCoverage(into: CoverageRecorder, data: CoverageData): void {
  for (const [route, classes] of Object.entries(data.routes)) for (const c of classes) into.route(route, Number(c[0]) * 100);
  for (const axis of SET_AXES) for (const value of data.sets[axis] ?? []) into[axis].add(value);
}
