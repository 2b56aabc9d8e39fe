/**
 * The simulator's machinery, kept off its public type: what the doors (fake fetch, nock, server)
 * and the simulator's own tests reach through `internalsOf(sim)`. Not exported from the package
 * root, not a stable API. The key is a registered symbol so that a simulator made by one bundle
 * (`onerway-sim`) is understood by another (`onerway-sim/server`, `onerway-sim/nock`).
 */
import { SimulatorUsageError } from './engine/clock.js';
import type { CoverageRecorder } from './engine/coverage.js';
import type { Engine } from './engine/engine.js';
import type { WireRequest, WireResponse } from './wire/types.js';

export const INTERNALS: unique symbol = Symbol.for('onerway-sim.internals') as never;

export interface SimulatorInternals {
  /** The engine now in use (a restore or reset replaces it). */
  readonly engine: Engine;
  /** What the simulator has seen (`sim.coverage()`), for the vitest integration to collect. */
  readonly coverage: CoverageRecorder;
  /** Whether `flush()` has anything to do: work due now, or an advance under way. */
  readonly hasDueWork: boolean;
  /** Answers one plain request synchronously, emitting `request` and `response`. */
  handleWire(req: WireRequest): WireResponse;
  /**
   * Answers one request: the answer itself when nothing makes it wait, else a promise.
   * `settleLater`: the caller calls `settle()` once the answer is sent (the server door).
   */
  respond(req: WireRequest, settleLater?: boolean): WireResponse | Promise<WireResponse>;
  /** Finishes what the last request left for after its answer: its request-log entry. */
  settle(): void;
  /** {@link respond}, always as a promise. */
  handle(req: WireRequest): Promise<WireResponse>;
  /**
   * Marks a keyed request in flight as soon as a door has its headers (before it reads the body),
   * so an overlapping duplicate gets 409. Call `release` when answered.
   */
  reserve(req: { method: string; headers: Readonly<Record<string, string>> }): { concurrent: boolean; release?: () => void };
}

/** The machinery of a simulator made by `createSimulator`. */
export function internalsOf(sim: object): SimulatorInternals {
  const internals = (sim as { [INTERNALS]?: SimulatorInternals })[INTERNALS];
  if (!internals) throw new SimulatorUsageError('onerway-sim: expected a simulator made by createSimulator() (or options for a new one).');
  return internals;
}

/**
 * Listeners told of every simulator created in this process (the vitest integration registers
 * one). Kept under a registered symbol, so every bundle of the package shares them.
 */
export function creationListeners(): Set<(sim: object) => void> {
  const g = globalThis as { [CREATED]?: Set<(sim: object) => void> };
  return (g[CREATED] ??= new Set());
}

const CREATED = Symbol.for('onerway-sim.created');

/** Whether `value` is a simulator (from this copy of the package or another bundle of it). */
export function isSimulator(value: unknown): boolean {
  return typeof value === 'object' && value !== null && INTERNALS in value;
}
