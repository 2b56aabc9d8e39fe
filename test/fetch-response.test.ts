/**
 * The Response sim.fetch answers with reads its JSON text without building a stream
 * (src/adapters/text-response.ts). Everything a client can do with it must match a real Response
 * built from the same bytes: each pair of body operations, compared step by step, errors and
 * messages included.
 */
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createSimulator } from '../src/index.js';
import { textResponse } from '../src/adapters/text-response.js';
import { internalsOf } from '../src/internal.js';

type Op = (res: Response) => Promise<unknown> | unknown;

const decode = (bytes: ArrayBuffer | Uint8Array) => new TextDecoder().decode(bytes);

async function readStream(stream: ReadableStream<Uint8Array> | null): Promise<string> {
  if (stream === null) return '(null)';
  const reader = stream.getReader();
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text;
    text += decode(value);
  }
}

const OPS: Record<string, Op> = {
  json: async (r) => JSON.stringify(await r.json()),
  text: (r) => r.text(),
  arrayBuffer: async (r) => decode(await r.arrayBuffer()),
  blob: async (r) => {
    const blob = await r.blob();
    return `${blob.type} ${blob.size} ${await blob.text()}`;
  },
  bytes: async (r) => decode(await (r as Response & { bytes(): Promise<Uint8Array> }).bytes()),
  formData: async (r) => [...(await r.formData()).keys()],
  body: (r) => readStream(r.body),
  bodyLocked: (r) => r.body?.locked,
  clone: async (r) => {
    const copy = r.clone();
    return [copy instanceof Response, await copy.text(), await r.text()];
  },
};

/** What an operation gave: its value, or the error's class and message (thrown or rejected). */
async function outcome(op: Op, res: Response): Promise<unknown> {
  try {
    return { value: await op(res), bodyUsed: res.bodyUsed };
  } catch (e) {
    return { error: `${(e as Error).constructor.name}: ${(e as Error).message}`, bodyUsed: res.bodyUsed };
  }
}

/** The same answer twice: two simulators of the same seed given the same request answer the same bytes. */
async function twin(path: string, body: string): Promise<{ door: Response; real: Response }> {
  const answer = async () => {
    const sim = createSimulator();
    return sim.fetch(`https://api.onerway.com${path}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${sim.secretKey}`, 'Content-Type': 'application/json' },
      body,
    });
  };
  const door = await answer();
  // The same request through the pipeline, answered as the fetch adapter's input: its bytes and
  // header object, as a plain Response is built from them.
  const sim = createSimulator();
  const wire = internalsOf(sim).handleWire({
    method: 'POST',
    path,
    query: '',
    headers: { authorization: `Bearer ${sim.secretKey}`, 'content-type': 'application/json' },
    body,
    bodyBytes: body.length,
    urlBytes: 24 + path.length,
  });
  const real = new Response(wire.body, { status: wire.status, headers: wire.headers });
  return { door, real };
}

const CUSTOMER = ['/v1/customers', JSON.stringify({ email: 'jenny@example.com' })] as const;
const DECLINED = ['/v1/payment_intents', JSON.stringify({ amount: 2000, currency: 'usd', payment_method: 'pm_card_visa_chargeDeclined', confirm: true })] as const;

describe('the Response sim.fetch answers', () => {
  it('is a Response with the same status, headers and untouched body as one built from its bytes', async () => {
    for (const [path, body] of [CUSTOMER, DECLINED]) {
      const { door, real } = await twin(path, body);
      expect(door).toBeInstanceOf(Response);
      expect(door.constructor.name).toBe('Response');
      expect(Object.prototype.toString.call(door)).toBe('[object Response]');
      for (const key of ['status', 'ok', 'statusText', 'type', 'url', 'redirected', 'bodyUsed'] as const) expect(door[key], key).toBe(real[key]);
      expect([...door.headers]).toEqual([...real.headers]);
      expect(inspect(door)).toBe(inspect(real));
    }
    expect((await twin(...DECLINED)).door.status).toBe(402);
  });

  it('gives what a real Response gives for every pair of body operations, errors included', async () => {
    const names = Object.keys(OPS);
    for (const first of names) {
      for (const second of names) {
        const { door, real } = await twin(...CUSTOMER);
        const seen = [await outcome(OPS[first]!, door), await outcome(OPS[second]!, door)];
        const expected = [await outcome(OPS[first]!, real), await outcome(OPS[second]!, real)];
        expect(seen, `${first} then ${second}`).toEqual(expected);
      }
    }
  });

  it('reads a body that is not JSON, and a body without a Content-Type, as a real Response does', async () => {
    for (const [text, headers] of [
      ['not json', { 'Content-Type': 'application/json' }],
      ['plain', {}],
      ['', {}],
    ] as const) {
      const door = textResponse(text, { status: 200, headers });
      const real = new Response(text, { status: 200, headers });
      expect([...door.headers]).toEqual([...real.headers]);
      expect(await outcome(OPS.json!, door)).toEqual(await outcome(OPS.json!, real));
      expect(await outcome(OPS.text!, textResponse(text, { status: 200, headers }))).toEqual(await outcome(OPS.text!, new Response(text, { status: 200, headers })));
    }
  });
});
