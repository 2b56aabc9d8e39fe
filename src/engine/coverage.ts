/**
 * What a simulator has seen of the payment world (`sim.coverage()`, docs/coverage.md): routes and
 * their status classes, PaymentIntent states and transitions, test cards, decline codes and
 * error types, events emitted and delivered, webhook outcomes, timed behaviours, faults. The
 * engine notes each as it happens: a set insertion, nothing more, so it costs nothing measurable.
 */
/** The status classes, made once rather than per request. */
const STATUS_CLASSES = ['0xx', '1xx', '2xx', '3xx', '4xx', '5xx'];

/** `from → to` labels, made once each: a new string per request would be hashed again each time. */
const TRANSITION_LABELS = new Map<string, Map<string, string>>();

function transitionLabel(from: string, to: string): string {
  let byTo = TRANSITION_LABELS.get(from);
  if (!byTo) TRANSITION_LABELS.set(from, (byTo = new Map()));
  let label = byTo.get(to);
  if (label === undefined) byTo.set(to, (label = `${from} → ${to}`));
  return label;
}

export class CoverageRecorder {
  /** `POST /v1/customers` → the status classes it answered (`2xx`, `4xx`, `5xx`). */
  readonly routes = new Map<string, Set<string>>();
  readonly states = new Set<string>();
  /** `requires_action → succeeded`. */
  readonly transitions = new Set<string>();
  /** The catalogue cards charged or attached, by their `pm_card_*` id (or number). */
  readonly cards = new Set<string>();
  readonly declineCodes = new Set<string>();
  readonly errorTypes = new Set<string>();
  readonly errorCodes = new Set<string>();
  readonly emitted = new Set<string>();
  readonly delivered = new Set<string>();
  /** `succeeded`, `failed`, `retried`, `gave_up`. */
  readonly webhookOutcomes = new Set<string>();
  /** `funds_available`, `authorization_expired`, `refund_succeeded`, `refund_failed`. */
  readonly timed = new Set<string>();
  readonly faults = new Set<string>();

  route(key: string, status: number): void {
    let classes = this.routes.get(key);
    if (!classes) this.routes.set(key, (classes = new Set()));
    classes.add(STATUS_CLASSES[Math.floor(status / 100)] ?? `${Math.floor(status / 100)}xx`);
  }

  state(from: string | null, to: string): void {
    this.states.add(to);
    if (from !== null && from !== to) this.transitions.add(transitionLabel(from, to));
  }

  error(type: string, code: string | undefined, declineCode: string | undefined): void {
    this.errorTypes.add(type);
    if (code !== undefined) this.errorCodes.add(code);
    if (declineCode !== undefined) this.declineCodes.add(declineCode);
  }
}
