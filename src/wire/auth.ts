/** API keys and modes (SPEC §2, reference §14). */
import type { Engine } from '../engine/engine.js';
import { ApiError, invalidRequest, maskKey, type Mode } from '../engine/errors.js';
import { isIssued } from '../engine/resources/restricted-keys.js';

export { maskKey };

export interface Caller {
  readonly mode: Mode;
  readonly publishable: boolean;
  /** The API key itself, however the header spelled it: what rate limits are counted by. */
  readonly key: string;
}

export interface KeyPolicy {
  /** When true, any well-formed key is the account's key of its mode (the default). */
  readonly acceptAnyKey: boolean;
  /** The account's own keys, accepted whatever the policy. */
  readonly keys: ReadonlySet<string>;
}

/** A key: its kind, its mode, then at most 200 letters, digits or underscores (real keys have about 100). */
const KEY = /^(sk|pk|rk)_(test|live)_[A-Za-z0-9_]{1,200}$/;

function invalidKey(key: string): ApiError {
  return unauthorized(`Invalid API Key provided: ${maskKey(key.slice(0, 200))}`);
}

function unauthorized(message: string): ApiError {
  return new ApiError({
    status: 401,
    type: 'invalid_request_error',
    message,
    headers: { 'WWW-Authenticate': 'Bearer realm="Onerway"' },
  });
}

const MISSING =
  "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').";

/**
 * The key a header carries with the Bearer or Basic scheme (the key as the user name), or
 * undefined when it uses neither or carries none: the live API then says no key was given.
 */
function keyFrom(header: string): string | undefined {
  const space = header.search(/\s/);
  const scheme = space < 0 ? header : header.slice(0, space);
  const value = space < 0 ? '' : header.slice(space + 1).trim();
  if (/^bearer$/i.test(scheme)) return value || undefined;
  if (/^basic$/i.test(scheme)) {
    let decoded: string;
    try {
      decoded = atob(value);
    } catch {
      return value || undefined;
    }
    const colon = decoded.indexOf(':');
    return (colon < 0 ? decoded : decoded.slice(0, colon)) || undefined;
  }
  return undefined;
}

/** The live API's answer to a header that names no key: it quotes the header (a key in it masked). */
function noKeyIn(header: string): ApiError {
  const shown = header.length > 200 ? `${header.slice(0, 200)}…` : header;
  const quoted = shown.replace(/\b(sk|pk|rk)_(test|live)_[A-Za-z0-9_]+/g, (key) => maskKey(key));
  return unauthorized(
    `You did not provide an API key, though you did set your Authorization header to "${quoted}". Using Bearer auth, your Authorization header should look something like 'Authorization: Bearer YOUR_SECRET_KEY'.`,
  );
}

/**
 * The last header each policy accepted by itself and its caller: a suite sends one key thousands
 * of times, and the policy's answer for a header never changes (policies are never mutated). A
 * restricted key accepted because the simulator issued it is not kept: `restore()` can go back to
 * before it was issued.
 */
const LAST_ACCEPTED = new WeakMap<KeyPolicy, { readonly header: string; readonly caller: Caller }>();

/**
 * The caller of a request. A restricted key that `engine` issued is accepted under `keys: 'own'`
 * too.
 */
export function authenticate(header: string | undefined, policy: KeyPolicy, engine?: Engine): Caller {
  const last = LAST_ACCEPTED.get(policy);
  if (last !== undefined && last.header === header) return last.caller;
  const caller = check(header, policy);
  if (caller) {
    LAST_ACCEPTED.set(policy, { header: header!, caller });
    return caller;
  }
  const key = keyFrom(header!.trim())!;
  const issued = key.startsWith('rk_') && engine !== undefined && isIssued(engine.dataFor(modeOf(key)), key);
  if (!issued) throw invalidKey(key);
  return { mode: modeOf(key), publishable: false, key };
}

/** The mode of a well-formed key: `rk_live_…` is live. */
function modeOf(key: string): Mode {
  return key.startsWith('live_', 3) ? 'live' : 'test';
}

/** The caller if the policy alone accepts the header; undefined for a well-formed key it does not know. */
function check(header: string | undefined, policy: KeyPolicy): Caller | undefined {
  if (header === undefined || header.trim() === '') throw unauthorized(MISSING);
  const key = keyFrom(header.trim());
  if (key === undefined) throw noKeyIn(header.trim());
  const m = KEY.exec(key);
  if (!m) throw invalidKey(key);
  if (!policy.acceptAnyKey && !policy.keys.has(key)) return undefined;
  return { mode: m[2] === 'live' ? 'live' : 'test', publishable: m[1] === 'pk', key };
}

export function publishableForbidden(): ApiError {
  return invalidRequest(
    'This API call cannot be made with a publishable API key. Please use a secret API key.',
    { status: 403, code: 'secret_key_required' },
  );
}
