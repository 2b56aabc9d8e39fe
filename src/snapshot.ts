/** Snapshots: the whole state of a simulator at one moment, as an opaque immutable value. */
import type { Engine } from './engine/engine.js';

/** The engine copy behind each snapshot, out of reach of user code. */
const SNAPSHOT_ENGINE = new WeakMap<SimulatorSnapshot, Engine>();

/**
 * The whole state of a simulator at one moment, from `sim.snapshot()`. Opaque and immutable:
 * restoring it, any number of times, always starts from the same state.
 */
export class SimulatorSnapshot {
  /** Simulated time of the snapshot, epoch milliseconds. */
  readonly time: number;
  /** The seed of the simulator it was taken from. */
  readonly seed: string | number;

  /** Snapshots come from `sim.snapshot()`; one built by hand holds no state and cannot be restored. */
  constructor(time: number, seed: string | number) {
    this.time = time;
    this.seed = seed;
    Object.freeze(this);
  }
}

/** A snapshot of `engine` (which the snapshot then owns: it must never change). */
export function takeSnapshot(engine: Engine, seed: string | number): SimulatorSnapshot {
  const snapshot = new SimulatorSnapshot(engine.clock.nowMs, seed);
  SNAPSHOT_ENGINE.set(snapshot, engine);
  return snapshot;
}


/** The engine a snapshot holds (copy it before use: the snapshot must never change). */
export function snapshotEngine(snapshot: SimulatorSnapshot): Engine | undefined {
  return SNAPSHOT_ENGINE.get(snapshot);
}
