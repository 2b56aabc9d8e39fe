/**
 * Metadata (reference §9.5): the parameter every resource takes, its limits, and how an update
 * merges into what an object has.
 */
import { invalidRequest } from './errors.js';
import { characterCount, longerThan } from './text.js';
import { emptyOr, isPlainObject, isUnset, scalarText, setOwn } from './params.js';

export const METADATA_LIMITS = { keys: 50, keyLength: 40, valueLength: 500 } as const;

/**
 * Metadata: `{key: value}`; a key set to `""`/`null` is deleted, and the whole hash set to
 * `""`/`null` clears it (reference §9.5). The 50-key limit is checked after merging, by
 * {@link mergeMetadata}.
 */
export function metadata() {
  const schema = { type: 'metadata', nullable: true, maxKeys: METADATA_LIMITS.keys, keyLength: METADATA_LIMITS.keyLength, valueLength: METADATA_LIMITS.valueLength } as const;
  return emptyOr(true, schema, (raw, param): Record<string, string | null> => {
    if (!isPlainObject(raw)) throw invalidRequest(`Invalid hash`, { param });
    const out: Record<string, string | null> = {};
    for (const [key, value] of Object.entries(raw)) {
      const keyParam = `${param}[${key}]`;
      if (longerThan(key, METADATA_LIMITS.keyLength)) {
        throw invalidRequest(
          `Metadata keys can have up to ${METADATA_LIMITS.keyLength} characters; '${key.slice(0, 100)}' has ${characterCount(key)}.`,
          { param: keyParam },
        );
      }
      if (key.length === 0 || key.includes('[') || key.includes(']')) {
        throw invalidRequest(`Invalid metadata key '${key}': keys must be non-empty and may not contain '[' or ']'.`, {
          param: keyParam,
        });
      }
      if (isUnset(value)) {
        setOwn(out, key, null);
        continue;
      }
      const text = scalarText(value, keyParam);
      if (longerThan(text, METADATA_LIMITS.valueLength)) {
        throw invalidRequest(
          `Metadata values can have up to ${METADATA_LIMITS.valueLength} characters; the value of '${key}' has ${characterCount(text)}.`,
          { param: keyParam },
        );
      }
      setOwn(out, key, text);
    }
    return out;
  });
}

/**
 * The metadata of an object created without any: one frozen object shared by all of them (stored
 * objects are never mutated; an update makes a new hash through {@link mergeMetadata}).
 */
export const NO_METADATA: Record<string, string> = Object.freeze({}) as Record<string, string>;

/**
 * Applies a metadata update to the current metadata. Returns the new metadata without touching
 * the old one (a failed request must change nothing).
 */
export function mergeMetadata(
  current: Readonly<Record<string, string>>,
  update: Record<string, string | null> | null | undefined,
): Record<string, string> {
  if (update === undefined) return current as Record<string, string>;
  if (update === null) return {};
  const next: Record<string, string> = { ...current };
  for (const [key, value] of Object.entries(update)) {
    if (value === null) delete next[key];
    else setOwn(next, key, value);
  }
  if (Object.keys(next).length > METADATA_LIMITS.keys) {
    throw invalidRequest(`Invalid metadata: metadata can have at most ${METADATA_LIMITS.keys} keys.`, {
      param: 'metadata',
    });
  }
  return next;
}
