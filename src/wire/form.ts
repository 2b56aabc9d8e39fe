/**
 * `application/x-www-form-urlencoded` with bracket notation (`card[number]=…`, `metadata[k]=v`,
 * `expand[]=x`, `expand[0]=x`), as Stripe-style SDKs send bodies and every client sends queries.
 * Builds null-prototype objects, so no key can reach a prototype.
 */
import { invalidRequest } from '../engine/errors.js';

const MAX_DEPTH = 8;

export type FormValue = string | FormValue[] | { [key: string]: FormValue };
export type FormObject = { [key: string]: FormValue };

function decode(text: string): string {
  if (!/[+%]/.test(text)) return text;
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    throw invalidRequest(`Invalid request: malformed percent-encoding in '${text.slice(0, 100)}'.`);
  }
}

/** `a[b][]` → `['a', 'b', '']`; a key that is not bracket notation is one literal name. */
function splitKey(key: string): string[] {
  const open = key.indexOf('[');
  if (open <= 0 || !key.endsWith(']')) return [key];
  const segments = [key.slice(0, open)];
  const rest = key.slice(open);
  const re = /\[([^[\]]*)\]/g;
  let consumed = 0;
  for (let m = re.exec(rest); m; m = re.exec(rest)) {
    if (m.index !== consumed) return [key];
    segments.push(m[1]!);
    consumed = re.lastIndex;
  }
  if (consumed !== rest.length) return [key];
  if (segments.length > MAX_DEPTH + 1) {
    throw invalidRequest(`Invalid request: the parameter '${key.slice(0, 100)}' is nested more than ${MAX_DEPTH} levels deep.`);
  }
  return segments;
}

function conflict(key: string): never {
  throw invalidRequest(`Invalid request: the parameter '${key.slice(0, 100)}' is sent both as a value and as a hash or array.`);
}

function assign(root: FormObject, segments: string[], value: string, key: string): void {
  let container: FormObject | FormValue[] = root;
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i]!;
    const last = i === segments.length - 1;
    if (Array.isArray(container)) {
      // Only `name[]` (push) makes arrays; `name[][x]` has no unambiguous meaning.
      if (seg !== '' || !last) conflict(key);
      container.push(value);
      return;
    }
    if (seg === '' && i > 0) conflict(key);
    if (last) {
      const existing = container[seg];
      if (existing !== undefined && typeof existing !== 'string') conflict(key);
      container[seg] = value;
      return;
    }
    const pushNext = segments[i + 1] === '';
    let next: FormValue | undefined = container[seg];
    if (next === undefined) {
      next = pushNext ? [] : (Object.create(null) as FormObject);
      container[seg] = next;
    } else if (typeof next === 'string' || Array.isArray(next) !== pushNext) {
      conflict(key);
    }
    container = next as FormObject | FormValue[];
  }
}

export function parseForm(text: string): FormObject {
  const root = Object.create(null) as FormObject;
  if (!text) return root;
  for (const part of text.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const key = decode(eq < 0 ? part : part.slice(0, eq));
    const value = decode(eq < 0 ? '' : part.slice(eq + 1));
    if (!key) continue;
    assign(root, splitKey(key), value, key);
  }
  return root;
}
