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
