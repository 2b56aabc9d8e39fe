import type { RequestContext } from './context.js';
import type { ApiVersion } from './api-version.js';

export { API_VERSIONS, DEFAULT_API_VERSION, isApiVersion, type ApiVersion } from './api-version.js';

/**
 * API versions (SPEC §3). Versions are real: a response is rendered for the version the request
 * asked for by walking back through the changes newer than it. Each change is data: the version
 * that introduced it, the object type it touches, and how to render an object as it looked before.
 */

export interface VersionChange {
  /** The version that introduced the change; requests for older versions see `downgrade`'s output. */
  readonly version: ApiVersion;
  /** The `object` value of the resources it changes. */
  readonly object: string;
  readonly description: string;
  /** The field the older versions show and the newer one no longer does (the description names it). */
  readonly olderField?: { readonly name: string; readonly listOf: string };
  /**
   * Renders an object of the newer shape as the older version showed it (a new object). The
   * context finds related objects, e.g. a PaymentIntent's charges.
   */
  readonly downgrade: (object: Record<string, unknown>, ctx: RequestContext) => Record<string, unknown>;
}

/**
 * The version-change table, newest first. Resource modules add their changes with
 * {@link registerVersionChange} at load time (module-level data, never per-instance state).
 */
const CHANGES: VersionChange[] = [];

export function registerVersionChange(change: VersionChange): () => void {
  CHANGES.push(change);
  CHANGES.sort((a, b) => (a.version < b.version ? 1 : a.version > b.version ? -1 : 0));
  AFTER.clear();
  // The undo, for a test that registers a change of its own and must leave the table as it was.
  return () => {
    const at = CHANGES.indexOf(change);
    if (at >= 0) CHANGES.splice(at, 1);
    AFTER.clear();
  };
}

export function versionChanges(): readonly VersionChange[] {
  return CHANGES;
}

/** The changes newer than each version, computed once (the table only changes at load time). */
const AFTER = new Map<ApiVersion, VersionChange[]>();

function changesAfter(version: ApiVersion): VersionChange[] {
  let changes = AFTER.get(version);
  if (!changes) AFTER.set(version, (changes = CHANGES.filter((c) => c.version > version)));
  return changes;
}

/**
 * Renders a response value for `version`: every object (top level, list items, expanded
 * sub-objects) whose type has a change newer than `version` is downgraded, newest change first.
 * Returns `value` itself when nothing applies, so the default version costs nothing.
 */
export function renderForVersion(value: unknown, version: ApiVersion, ctx: RequestContext): unknown {
  const changes = changesAfter(version);
  if (changes.length === 0) return value;
  const objects = new Set(changes.map((c) => c.object));
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (typeof v !== 'object' || v === null) return v;
    const record = v as Record<string, unknown>;
    let out: Record<string, unknown> | undefined;
    for (const [key, child] of Object.entries(record)) {
      if (typeof child === 'object' && child !== null) {
        const next = walk(child);
        if (next !== child) (out ??= { ...record })[key] = next;
      }
    }
    let result = out ?? record;
    const type = record['object'];
    if (typeof type === 'string' && objects.has(type)) {
      for (const change of changes) if (change.object === type) result = change.downgrade(result, ctx);
    }
    return result;
  };
  return walk(value);
}

/**
 * Request-side differences between versions: defaults that depend on the version a request is
 * made in (SPEC §3). Handlers read them with {@link defaultsFor}.
 */
const REQUEST_DEFAULTS = {
  '2024-06-01': { capture_method: 'automatic' },
  '2024-11-01': { capture_method: 'automatic_async' },
} as const satisfies Record<ApiVersion, { capture_method: 'automatic' | 'automatic_async' }>;

export function defaultsFor(version: ApiVersion): (typeof REQUEST_DEFAULTS)[ApiVersion] {
  return REQUEST_DEFAULTS[version];
}
