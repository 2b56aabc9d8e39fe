/**
 * Work that falls due on the simulated clock (webhook attempts now; funds becoming available,
 * authorization expiry and the rest with the time-travel work). A binary heap ordered by due time
 * and then by scheduling order, so advancing costs what is due, not how far the clock moves.
 * Tasks are plain data, so the whole queue can be copied.
 */
import type { Mode } from './errors.js';

/** Work due at a simulated time. Plain data: the dispatch table in resources/tasks.ts says what each kind does. */
export type Task = TaskScope &
  (
    | { readonly kind: 'webhook'; readonly eventId: string; readonly endpointId: string; readonly attempt: number }
    /** Pending funds with this `available_on` (Unix seconds) become available. */
    | { readonly kind: 'funds_available'; readonly availableOn: number }
    /** An uncaptured authorization reaches its 7 days. */
    | { readonly kind: 'authorization_expiry'; readonly paymentIntentId: string }
    /** An uncaptured Charges API authorization reaches its 7 days. */
    | { readonly kind: 'charge_expiry'; readonly chargeId: string }
    /** A payout moves on: in transit, then paid or failed. */
    | { readonly kind: 'payout_step'; readonly payoutId: string }
    /** The payout schedule pays out the available balance (stale when its generation is not the current one). */
    | { readonly kind: 'automatic_payout'; readonly generation: number }
    /** A dispute's evidence is reviewed, or its response time runs out. */
    | { readonly kind: 'dispute_step'; readonly disputeId: string }
    /** A refund card's refund changes status (reference §5.4). */
    | { readonly kind: 'refund_transition'; readonly refundId: string }
  );

/** Whose data a task acts on: a mode, and a connected account (null: the platform's). */
export interface TaskScope {
  readonly mode: Mode;
  readonly account: string | null;
}

export interface Scheduled {
  readonly dueMs: number;
  readonly seq: number;
  readonly task: Task;
}

function earlier(a: Scheduled, b: Scheduled): boolean {
  return a.dueMs < b.dueMs || (a.dueMs === b.dueMs && a.seq < b.seq);
}

export class Scheduler {
  private readonly heap: Scheduled[] = [];
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  clone(): Scheduler {
    const copy = new Scheduler();
    copy.heap.push(...this.heap);
    copy.seq = this.seq;
    return copy;
  }

  schedule(dueMs: number, task: Task): void {
    const item: Scheduled = { dueMs, seq: this.seq++, task };
    const heap = this.heap;
    heap.push(item);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!earlier(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  /** When the next item is due, or undefined when nothing is scheduled. */
  nextDue(): number | undefined {
    return this.heap[0]?.dueMs;
  }

  /** The next item due at or before `untilMs`, without removing it. */
  peek(untilMs: number): Scheduled | undefined {
    const top = this.heap[0];
    return top && top.dueMs <= untilMs ? top : undefined;
  }

  pop(): Scheduled | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0 && last) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && earlier(heap[l]!, heap[m]!)) m = l;
        if (r < heap.length && earlier(heap[r]!, heap[m]!)) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m]!, heap[i]!];
        i = m;
      }
    }
    return top;
  }
}
