import { describe, expect, it } from 'vitest';
import { parseForm } from '../../src/wire/form.js';
import { ApiError } from '../../src/engine/errors.js';

const plain = (v: unknown) => JSON.parse(JSON.stringify(v));

describe('bracket-notation forms', () => {
  it('nests hashes, pushes arrays and keeps indexed arrays as index objects', () => {
    expect(plain(parseForm('card[number]=4242&card[exp_month]=12&metadata[k]=v&expand[]=a&expand[]=b&items[0]=x&items[1]=y'))).toEqual({
      card: { number: '4242', exp_month: '12' },
      metadata: { k: 'v' },
      expand: ['a', 'b'],
      items: { 0: 'x', 1: 'y' },
    });
  });

  it('decodes + as space and percent escapes; the last of repeated scalars wins', () => {
    expect(plain(parseForm('name=Jenny+Rosen&email=a%40b.co&name=J%C3%BCrgen'))).toEqual({ name: 'Jürgen', email: 'a@b.co' });
  });

  it('keeps keys that are not bracket notation as literal names', () => {
    expect(Object.keys(parseForm('a[b=1&c]=2&[x]=3'))).toEqual(['a[b', 'c]', '[x]']);
  });

  it('cannot reach a prototype', () => {
    const parsed = parseForm('__proto__[polluted]=1&constructor[prototype][x]=1');
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.getPrototypeOf(parsed)).toBeNull();
  });

  it.each([
    ['a=1&a[b]=2', "Invalid request: the parameter 'a[b]' is sent both as a value and as a hash or array."],
    ['a[b]=1&a=2', "Invalid request: the parameter 'a' is sent both as a value and as a hash or array."],
    ['a[][x]=1', "Invalid request: the parameter 'a[][x]' is sent both as a value and as a hash or array."],
    ['a=%E0%A4%A', "Invalid request: malformed percent-encoding in '%E0%A4%A'."],
    [`a${'[b]'.repeat(9)}=1`, `Invalid request: the parameter 'a${'[b]'.repeat(9)}' is nested more than 8 levels deep.`],
  ])('refuses %s with a 400', (text, message) => {
    let error: unknown;
    try {
      parseForm(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(400);
    expect((error as ApiError).message).toBe(message);
  });
});
