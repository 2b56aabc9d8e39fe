/**
 * Fault injection (docs/faults.md): make matching requests fail with an API error, fail as a
 * network error, or take simulated time; in sequences ("fail twice, then succeed"). A fault
 * happens before the request runs (nothing changes) or, with `when: 'after'`, after it ran (the
 * change is kept, the answer is lost: the "timed out but actually succeeded" case).
 */
import { parseDuration, SimulatorUsageError, type Duration } from './engine/clock.js';
import { ApiError, type ApiErrorType } from './engine/errors.js';
import { pathMatcher } from './engine/request-log.js';
import { DECLINES, type DeclineName } from './engine/test-cards.js';

export type Fault =
  /** Answer with this API error. `retry` sets the `Onerway-Should-Retry`/`Stripe-Should-Retry` hint. */
  | { kind: 'error'; status: number; type: ApiErrorType; message: string; code?: string; declineCode?: string; retry?: boolean; retryAfter?: number }
  /** Fail as a network error: fetch rejects, the server drops the connection. */
  | { kind: 'network'; message?: string }
  /** Take this long in simulated time (everything due meanwhile runs), then answer normally. */
  | { kind: 'latency'; duration: Duration }
  /** Answer normally (a step in a sequence). */
  | { kind: 'pass' };

const INJECTED = ' (injected by onerway-sim)';

/** Builders for the faults merchants test most. */
export const fault = {
  /** 500 `api_error`. */
  apiError: (options: { retry?: boolean; message?: string } = {}): Fault => ({
    kind: 'error',
    status: 500,
    type: 'api_error',
    message: (options.message ?? 'An unknown error occurred') + INJECTED,
    ...(options.retry !== undefined && { retry: options.retry }),
  }),
  /** 409 `lock_timeout`: another request holds the object. */
  lockTimeout: (options: { retry?: boolean } = {}): Fault => ({
    kind: 'error',
    status: 409,
    type: 'invalid_request_error',
    code: 'lock_timeout',
    message:
      'This object cannot be accessed right now because another API request or Onerway process is currently accessing it. If you see this error intermittently, retry the request.' +
      INJECTED,
    ...(options.retry !== undefined && { retry: options.retry }),
  }),
  /** 429 `rate_limit_error` with `Retry-After`. */
  rateLimited: (options: { retryAfter?: number; retry?: boolean } = {}): Fault => ({
    kind: 'error',
    status: 429,
    type: 'rate_limit_error',
    code: 'rate_limit',
    message: 'Too many requests hit the API too quickly. We recommend an exponential backoff of your requests.' + INJECTED,
    retryAfter: options.retryAfter ?? 1,
    ...(options.retry !== undefined && { retry: options.retry }),
  }),
  /** 402 `card_error` with any decline code (the catalogue's message when it knows the code). */
  decline: (declineCode: string = 'generic_decline'): Fault => {
    const known = (DECLINES as Record<string, { code: string; message: string } | undefined>)[declineCode as DeclineName];
    return { kind: 'error', status: 402, type: 'card_error', code: known?.code ?? 'card_declined', declineCode, message: (known?.message ?? 'Your card was declined.') + INJECTED };
  },
  network: (message = 'onerway-sim: injected network error'): Fault => ({ kind: 'network', message }),
  /** Takes `duration` of simulated time (at most 366 days): checked here, so a bad one fails where it is written. */
  latency: (duration: Duration): Fault => {
    checkLatency(duration);
    return { kind: 'latency', duration };
  },
  pass: (): Fault => ({ kind: 'pass' }),
} as const;

/** The longest latency a fault may simulate (a year): a slow answer, not a way past the clock's end. */
export const MAX_LATENCY_MS = 366 * 86_400_000;

function checkLatency(duration: Duration): number {
  const ms = parseDuration(duration);
  if (ms > MAX_LATENCY_MS) {
    throw new SimulatorUsageError(`onerway-sim: a latency fault may take at most 366d of simulated time, got ${String(duration)}; move the clock with sim.clock.advance instead.`);
  }
  return ms;
}

/** What a rule matches, and what it does to each matching request in turn. */
export interface FaultRule {
  method?: string;
  /** An exact path, a pattern with `:name` segments (`/v1/payment_intents/:id/capture`), or a RegExp. */
  path?: string | RegExp;
  /** Any other condition on the request. */
  match?: (request: { method: string; path: string; query: string; headers: Readonly<Record<string, string>>; body: string | null }) => boolean;
  /** The fault for the next matching request(s); with `times`, that many of them (default 1). */
  fault?: Fault;
  times?: number;
  /** A sequence: one fault per matching request, in order. After the last, the rule is used up. */
  sequence?: Fault[];
  /** `'before'` (default): the request does nothing. `'after'`: it runs, then its answer is replaced. */
  when?: 'before' | 'after';
}

export interface InjectedFault {
  /** Matching requests still to be affected. */
  readonly remaining: number;
  remove(): void;
}

/** The error a fetch adapter turns into a rejected fetch, and the server into a dropped connection. */
export class SimulatedNetworkError extends Error {
  override readonly name = 'SimulatedNetworkError';
}

interface ActiveRule {
  readonly matches: (req: Parameters<NonNullable<FaultRule['match']>>[0]) => boolean;
  readonly queue: Fault[];
  readonly when: 'before' | 'after';
  readonly rule: FaultRule;
  /** Requests it has affected so far. */
  matched: number;
}

/** A fault rule that has not matched any request yet (`sim.faults.unmatched()`). */
export interface UnmatchedFault {
  readonly method: string | undefined;
  readonly path: string | RegExp | undefined;
  /** Matching requests it still waits for. */
  readonly remaining: number;
}

export class FaultInjector {
  private rules: ActiveRule[] = [];
  /** Every rule injected (used up or not), for `unmatched()`. */
  private injected: ActiveRule[] = [];

  inject(rule: FaultRule): InjectedFault {
    const queue = rule.sequence ? [...rule.sequence] : Array.from({ length: rule.times ?? 1 }, () => rule.fault ?? fault.apiError());
    for (const f of queue) if (f.kind === 'latency') checkLatency(f.duration);
    const method = rule.method?.toUpperCase();
    const path = pathMatcher(rule.path);
    const active: ActiveRule = {
      matches: (req) => (method === undefined || req.method === method) && path(req.path) && (rule.match?.(req) ?? true),
      queue,
      when: rule.when ?? 'before',
      rule,
      matched: 0,
    };
    this.rules.push(active);
    this.injected.push(active);
    return {
      get remaining() {
        return active.queue.length;
      },
      remove: () => {
        this.rules = this.rules.filter((r) => r !== active);
      },
    };
  }

  clear(): void {
    this.rules = [];
  }

  /**
   * The rules injected since the last `clearUnmatched()` that no request has matched: a
   * mistyped path or method never matches, and this is how a test finds out.
   */
  unmatched(): UnmatchedFault[] {
    return this.injected.filter((r) => r.matched === 0).map((r) => ({ method: r.rule.method, path: r.rule.path, remaining: r.queue.length }));
  }

  /** Forgets the rules `unmatched()` reports (e.g. after each test). */
  clearUnmatched(): void {
    this.injected = [];
  }

  /** Whether any rule is installed (when none is, a request has no fault to look for). */
  get active(): boolean {
    return this.rules.length > 0;
  }

  /** The fault for this request, taken from the first matching rule with faults left. */
  take(req: Parameters<ActiveRule['matches']>[0]): { fault: Fault; when: 'before' | 'after' } | undefined {
    for (const rule of this.rules) {
      if (rule.queue.length === 0 || !rule.matches(req)) continue;
      const next = rule.queue.shift()!;
      rule.matched++;
      if (rule.queue.length === 0) this.rules = this.rules.filter((r) => r !== rule);
      return { fault: next, when: rule.when };
    }
    return undefined;
  }
}

/** A fault from the `Onerway-Sim-Fault` header (JSON), for clients over the server. */
export function faultFromHeader(value: string): { fault: Fault; when: 'before' | 'after' } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new SimulatorFaultHeaderError(value, 'it is not JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new SimulatorFaultHeaderError(value, 'it is not a JSON object');
  const p = parsed as Record<string, unknown>;
  if (p['when'] !== undefined && p['when'] !== 'before' && p['when'] !== 'after') throw new SimulatorFaultHeaderError(value, '`when` must be "before" or "after"');
  if (p['retry'] !== undefined && typeof p['retry'] !== 'boolean') throw new SimulatorFaultHeaderError(value, '`retry` must be true or false');
  const when = p['when'] === 'after' ? 'after' : 'before';
  const retry = p['retry'] !== undefined ? { retry: p['retry'] as boolean } : {};
  switch (p['kind']) {
    case 'api_error':
      return { fault: fault.apiError(retry), when };
    case 'lock_timeout':
      return { fault: fault.lockTimeout(retry), when };
    case 'rate_limit':
      return { fault: fault.rateLimited(retry), when };
    case 'decline': {
      const code = p['declineCode'];
      if (code !== undefined && (typeof code !== 'string' || !/^[a-z_]{1,64}$/.test(code))) {
        throw new SimulatorFaultHeaderError(value, '`declineCode` must be a decline code such as "insufficient_funds"');
      }
      return { fault: fault.decline(code as string | undefined), when };
    }
    case 'network':
      return { fault: fault.network(), when };
    case 'latency': {
      const duration = p['duration'];
      if (typeof duration !== 'string' && typeof duration !== 'number') throw new SimulatorFaultHeaderError(value, '`duration` must be milliseconds or text like "2s"');
      try {
        checkLatency(duration);
      } catch (e) {
        throw new SimulatorFaultHeaderError(value, (e as Error).message.replace(/^onerway-sim: /, ''));
      }
      return { fault: fault.latency(duration), when };
    }
  }
  throw new SimulatorFaultHeaderError(value, '`kind` must be one of api_error, lock_timeout, rate_limit, decline, network, latency');
}

export class SimulatorFaultHeaderError extends Error {
  constructor(value: string, reason: string) {
    super(
      `onerway-sim: cannot read the Onerway-Sim-Fault header '${value.slice(0, 200)}': ${reason}. Send JSON such as {"kind":"api_error"}, {"kind":"decline","declineCode":"insufficient_funds"}, {"kind":"network","when":"after"} or {"kind":"latency","duration":"2s"}.`,
    );
  }
}

/** The API error of an error fault, with its retry hint and Retry-After headers. */
export function faultError(f: Extract<Fault, { kind: 'error' }>): ApiError {
  const headers: Record<string, string> = {};
  if (f.retry !== undefined) {
    headers['Onerway-Should-Retry'] = String(f.retry);
    headers['Stripe-Should-Retry'] = String(f.retry);
  }
  if (f.retryAfter !== undefined) headers['Retry-After'] = String(f.retryAfter);
  return new ApiError({ status: f.status, type: f.type, message: f.message, code: f.code, declineCode: f.declineCode, headers });
}

export function latencyMs(f: Extract<Fault, { kind: 'latency' }>): number {
  return parseDuration(f.duration);
}
