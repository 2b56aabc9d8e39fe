/**
 * Performs a power asked for over HTTP (engine/resources/simulator-powers.ts) with the code of
 * the in-process call, and answers with its result: `POST /v1/test_helpers/reset` is
 * `sim.reset()`, `…/snapshots` is `sim.snapshot()` kept under a name, `…/fixtures` is
 * `sim.fixtures()`, `…/faults` is `sim.faults.inject()` (the rule read as the
 * `Onerway-Sim-Fault` header reads a fault), `GET …/faults/unmatched` is `sim.faults.unmatched()`
 * and `GET …/coverage` is `sim.coverage()`.
 */
import { coverageOf } from './coverage.js';
import { SimulatorUsageError } from './engine/clock.js';
import type { CoverageRecorder } from './engine/coverage.js';
import type { RequestedPower } from './engine/context.js';
import { ApiError, invalidRequest } from './engine/errors.js';
import type { FixtureParams, InjectParams, TriggerableEvent } from './engine/resources/simulator-powers.js';
import { trigger } from './simulator-trigger.js';
import { faultFromHeader, SimulatorFaultHeaderError, type Fault, type FaultInjector } from './faults.js';
import { buildFixtures, type FixtureSpec } from './fixtures.js';
import type { SimulatorSnapshot } from './snapshot.js';
import type { WireRequest, WireResponse } from './wire/types.js';

/** What a power needs of the simulator. */
export interface PowerHost {
  readonly snapshots: Map<string, SimulatorSnapshot>;
  readonly injector: FaultInjector;
  readonly coverage: CoverageRecorder;
  reset(): void;
  atomically<T>(work: () => T): T;
  snapshot(): SimulatorSnapshot;
  restore(snapshot: SimulatorSnapshot): void;
  handleWire(req: WireRequest): WireResponse;
  secretKey(): string;
}

function faultOf(f: NonNullable<InjectParams['fault']>): Fault {
  return faultFromHeader(JSON.stringify(f)).fault;
}

function fixtureSpec(p: FixtureParams): FixtureSpec {
  const strings = (m: Record<string, string | null> | null | undefined) =>
    m ? (Object.fromEntries(Object.entries(m).filter(([, v]) => v !== null)) as Record<string, string>) : undefined;
  return {
    ...(p.customers && { customers: p.customers.map((c) => ({ ...c, metadata: strings(c.metadata) })) }),
    ...(p.payments && {
      payments: p.payments.map(({ refunded, refunded_fully, metadata, ...rest }) => ({
        ...rest,
        ...(metadata && { metadata: strings(metadata) }),
        ...((refunded !== undefined || refunded_fully) && { refunded: refunded_fully ? true : refunded }),
      })),
    }),
    ...(p.available_funds !== undefined && { availableFunds: { amount: p.available_funds, ...(p.currency && { currency: p.currency }) } }),
    ...(p.connected_account && { connectedAccount: true }),
  };
}

function run(host: PowerHost, power: RequestedPower): unknown {
  const p = power.params;
  switch (power.name) {
    case 'reset':
      host.reset();
      return { object: 'test_helpers.reset', reset: true };
    case 'snapshot': {
      const snapshot = host.snapshot();
      host.snapshots.set(p['name'] as string, snapshot);
      return { object: 'test_helpers.snapshot', name: p['name'], time: Math.floor(snapshot.time / 1000) };
    }
    case 'restore': {
      const name = p['name'] as string;
      const snapshot = host.snapshots.get(name);
      if (!snapshot) {
        const known = [...host.snapshots.keys()];
        throw invalidRequest(`onerway-sim: no snapshot named '${name.slice(0, 100)}'. ${known.length ? `Snapshots kept: ${known.join(', ')}.` : 'Take one first with POST /v1/test_helpers/snapshots.'}`, {
          status: 404,
          code: 'resource_missing',
          param: 'name',
        });
      }
      host.restore(snapshot);
      return { object: 'test_helpers.snapshot', name, time: Math.floor(snapshot.time / 1000), restored: true };
    }
    case 'fixtures':
      return { object: 'test_helpers.fixtures', ...host.atomically(() => buildFixtures((req) => host.handleWire(req), host.secretKey(), fixtureSpec(p as FixtureParams))) };
    case 'inject_fault': {
      const q = p as InjectParams;
      if ((q.fault === undefined) === (q.sequence === undefined)) throw invalidRequest('onerway-sim: give exactly one of fault or sequence.');
      const injected = host.injector.inject({
        ...(q.method && { method: q.method }),
        ...(q.path && { path: q.path }),
        ...(q.fault && { fault: faultOf(q.fault) }),
        ...(q.sequence && { sequence: q.sequence.map(faultOf) }),
        ...(q.times !== undefined && { times: q.times }),
        ...(q.when && { when: q.when }),
      });
      return { object: 'test_helpers.fault', remaining: injected.remaining };
    }
    case 'trigger':
      return trigger((req) => host.handleWire(req), host.secretKey(), p['event'] as TriggerableEvent);
    case 'clear_faults':
      host.injector.clear();
      return { object: 'test_helpers.faults_cleared', cleared: true };
    case 'unmatched_faults': {
      // A rule injected in process may hold a RegExp path: it is sent as its source text.
      const data = host.injector.unmatched().map((u) => ({ method: u.method ?? null, path: u.path === undefined ? null : String(u.path), remaining: u.remaining }));
      return { object: 'list', data, has_more: false, url: '/v1/test_helpers/faults/unmatched' };
    }
    case 'coverage':
      return { object: 'test_helpers.coverage', ...coverageOf(host.coverage) };
  }
}

/** The power's result, which the request answers; its refusals are 4xx `ApiError`s. */
export function performPower(host: PowerHost, power: RequestedPower): unknown {
  try {
    return run(host, power);
  } catch (e) {
    if (e instanceof ApiError) throw e;
    if (e instanceof SimulatorUsageError || e instanceof SimulatorFaultHeaderError) throw invalidRequest(e.message);
    throw e;
  }
}
