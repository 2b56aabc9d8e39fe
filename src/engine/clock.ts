const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/** A duration: milliseconds, or text such as `'90s'`, `'2h'`, `'3d'`, `'1d 12h'`, `'500ms'`. */
export type Duration = number | string;

/**
 * Converts a {@link Duration} to milliseconds. Throws a simulator-usage error (not an API
 * error) for anything it cannot read, so a typo in a test fails loudly.
 */
export function parseDuration(duration: Duration): number {
  if (typeof duration === 'number') {
    if (!Number.isFinite(duration) || duration < 0) {
      throw new SimulatorUsageError(`onerway-sim: a duration must be a finite number of milliseconds >= 0, got ${duration}.`);
    }
    return Math.floor(duration);
  }
  const text = duration.trim();
  const parts = text.split(/\s+/);
  let total = 0;
  for (const part of parts) {
    const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w)$/.exec(part);
    if (!m) {
      throw new SimulatorUsageError(
        `onerway-sim: cannot read the duration '${duration}'. Use milliseconds or text like '90s', '15m', '2h', '3d', '1w', '1d 12h'.`,
      );
    }
    total += Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
  }
  return Math.floor(total);
}

/** A mistake in how a test drives the simulator (not an Onerway API error). */
export class SimulatorUsageError extends Error {
  override readonly name = 'SimulatorUsageError';
}

/** The latest time the simulated clock reaches: 9999-12-31T23:59:59Z (past it, dates have no ISO text). */
export const MAX_TIME_MS = 253_402_300_799_000;

/**
 * The simulated clock: epoch milliseconds that move only when the test moves them.
 * Everything time-dependent in the engine reads `nowMs`; nothing reads the real time.
 */
export class Clock {
  constructor(private ms: number) {}

  get nowMs(): number {
    return this.ms;
  }

  /** Unix seconds, the unit of every `created` field. */
  get nowSeconds(): number {
    return Math.floor(this.ms / 1000);
  }

  /** Moves forward to `targetMs`. Backwards is refused: objects already carry later timestamps. */
  moveTo(targetMs: number): void {
    if (!Number.isFinite(targetMs)) {
      throw new SimulatorUsageError(`onerway-sim: cannot set the clock to ${targetMs}: not a valid time.`);
    }
    if (targetMs > MAX_TIME_MS) {
      throw new SimulatorUsageError(
        `onerway-sim: the simulated clock cannot go past ${isoOf(MAX_TIME_MS)} (asked for epoch ms ${targetMs}); advance it by less.`,
      );
    }
    if (targetMs < this.ms) {
      throw new SimulatorUsageError(
        `onerway-sim: the simulated clock only moves forward (now ${isoOf(this.ms)}, asked for ${isoOf(targetMs)}). ` +
          'Create a new simulator (or sim.reset()) to start again from an earlier time.',
      );
    }
    this.ms = Math.floor(targetMs);
  }
}

/** ISO-8601 text of epoch ms, computed by hand so the engine needs no Date object. */
export function isoOf(ms: number): string {
  const days = Math.floor(ms / 86_400_000);
  const rest = ms - days * 86_400_000;
  const { year, month, day } = civilFromDays(days);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const h = Math.floor(rest / 3_600_000);
  const mi = Math.floor((rest % 3_600_000) / 60_000);
  const s = Math.floor((rest % 60_000) / 1000);
  const msPart = rest % 1000;
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(h)}:${pad(mi)}:${pad(s)}.${pad(msPart, 3)}Z`;
}

/** Year, month (1-12) and day of a count of days since 1970-01-01 (Howard Hinnant's algorithm). */
export function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return { year, month, day };
}

