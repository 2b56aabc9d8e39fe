/** A tiny benchmark harness: warm up, then run for a fixed time and report ops/s. */

export interface Measurement {
  name: string;
  opsPerSec: number;
  usPerOp: number;
}

/** Runs `op` (sync or async) repeatedly for about `ms` milliseconds after a warm-up. */
export async function measure(name: string, op: () => unknown, ms = 1000): Promise<Measurement> {
  const run = async (budgetMs: number) => {
    let n = 0;
    const start = performance.now();
    let elapsed = 0;
    while (elapsed < budgetMs) {
      for (let i = 0; i < 100; i++) {
        const r = op();
        if (r instanceof Promise) await r;
      }
      n += 100;
      elapsed = performance.now() - start;
    }
    return { n, elapsed };
  };
  await run(Math.min(300, ms / 3));
  const { n, elapsed } = await run(ms);
  const usPerOp = (elapsed * 1000) / n;
  return { name, opsPerSec: Math.round((n / elapsed) * 1000), usPerOp };
}

export function report(rows: Measurement[]): void {
  const width = Math.max(...rows.map((r) => r.name.length));
  for (const r of rows) {
    console.log(`${r.name.padEnd(width)}  ${r.opsPerSec.toLocaleString('en-US').padStart(12)} ops/s  ${r.usPerOp.toFixed(2).padStart(9)} µs/op`);
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;

/** A floor and a door measured in alternating rounds: medians, and the ratio of each round's pair. */
export interface Paired {
  floor: number;
  door: number;
  /** Median of the per-round ratios door/floor: adjacent rounds share the machine's condition. */
  ratio: number;
  /** Smallest and largest per-round ratio, to show how much the machine moved. */
  spread: [number, number];
}

/**
 * Measures the floor and the door (each a function giving µs per operation) in alternating rounds,
 * after a warm-up of each, and returns the medians of µs per operation and of the per-round
 * ratios. Timings on a shared machine drift by tens of percent within a minute; comparing
 * neighbours cancels the drift, where one floor and one door measured a minute apart do not.
 */
export async function paired(floorRun: () => Promise<number>, doorRun: () => Promise<number>, rounds = 7): Promise<Paired> {
  await floorRun();
  await doorRun();
  const floor: number[] = [];
  const door: number[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < rounds; i++) {
    floor.push(await floorRun());
    door.push(await doorRun());
    ratios.push(door[i]! / floor[i]!);
    if (process.env.BENCH_ROUNDS) console.error(`round ${i}: floor ${floor[i]!.toFixed(1)} door ${door[i]!.toFixed(1)} ratio ${(door[i]! / floor[i]!).toFixed(2)}`);
  }
  return { floor: median(floor), door: median(door), ratio: median(ratios), spread: [Math.min(...ratios), Math.max(...ratios)] };
}

/** `1.23× (rounds 1.10–1.40)`: the median ratio and how far the rounds spread. */
export const describePair = (p: Paired) => `${p.ratio.toFixed(2)}× (rounds ${p.spread[0].toFixed(2)}–${p.spread[1].toFixed(2)})`;
