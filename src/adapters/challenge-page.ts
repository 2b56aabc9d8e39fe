/**
 * The 3D Secure challenge page the server door serves at the URL a PaymentIntent's or
 * SetupIntent's `next_action` gives (`/3d_secure_2/hosted?payment_intent=…&source=…`, or
 * `setup_intent=…`): it shows the amount (or that the card is being saved) and two buttons; either
 * one completes or fails authentication, as `sim.authenticatePaymentIntent` and
 * `sim.authenticateSetupIntent` do, then sends the browser to the `return_url` with the query the
 * live API adds (`payment_intent` or `setup_intent`, its `_client_secret`, `redirect_status`).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { formatMoney } from '../engine/money.js';
import { PAYMENT_INTENTS, type PaymentIntent } from '../engine/resources/payment-intents/object.js';
import { SETUP_INTENTS } from '../engine/resources/setup-intents/object.js';
import type { Engine } from '../engine/engine.js';
import type { Simulator } from '../simulator.js';

export const CHALLENGE_PATH = '/3d_secure_2/hosted';

const escape = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(res: ServerResponse, status: number, title: string, body: string): void {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escape(title)}</title>
<style>body{font:16px system-ui,sans-serif;max-width:28rem;margin:4rem auto;padding:0 1rem;color:#1a1f36}h1{font-size:1.25rem}
.amount{font-size:2rem;font-weight:600;margin:1rem 0}button{font:inherit;padding:.6rem 1.2rem;margin:.25rem .5rem .25rem 0;border-radius:6px;border:1px solid #aab;cursor:pointer}
button[value=success]{background:#635bff;color:#fff;border-color:#635bff}.note{color:#697386;font-size:.85rem}</style></head><body>${body}</body></html>`;
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': String(Buffer.byteLength(html)), 'Cache-Control': 'no-store' });
  res.end(html);
}

/** What the page needs of the intent waiting for 3D Secure: a PaymentIntent or a SetupIntent. */
interface Waiting {
  /** `payment_intent` or `setup_intent`: the query names of the live API's redirect. */
  readonly kind: 'payment_intent' | 'setup_intent';
  readonly intent: { readonly id: string; readonly client_secret: string; readonly next_action: PaymentIntent['next_action'] };
  /** What the customer confirms: an amount, or saving the card. */
  readonly what: string;
  authenticate(outcome: 'success' | 'failure'): { status: string };
}

function waitingIntent(sim: Simulator, engine: Engine, url: URL, account: string | null): Waiting | undefined {
  const options = account === null ? {} : { account };
  const data = engine.dataFor('test', account);
  const si = data.peek(SETUP_INTENTS)?.get(url.searchParams.get('setup_intent') ?? '')?.object;
  if (si) return { kind: 'setup_intent', intent: si, what: 'Save this card for future payments', authenticate: (o) => sim.authenticateSetupIntent(si.id, o, options) };
  const pi = data.peek(PAYMENT_INTENTS)?.get(url.searchParams.get('payment_intent') ?? '')?.object;
  if (pi) return { kind: 'payment_intent', intent: pi, what: formatMoney(pi.amount, pi.currency), authenticate: (o) => sim.authenticatePaymentIntent(pi.id, o, options) };
  return undefined;
}

/** Answers a request to the challenge page; `after` runs once the intent changed (deliveries). */
export function serveChallenge(sim: Simulator, engine: Engine, req: IncomingMessage, res: ServerResponse, after: () => void): void {
  const url = new URL(req.url ?? '/', 'http://challenge');
  const account = url.searchParams.get('account');
  const waiting = waitingIntent(sim, engine, url, account);
  if (!waiting) {
    const id = url.searchParams.get('setup_intent') ?? url.searchParams.get('payment_intent') ?? '';
    page(res, 404, 'Unknown payment', `<h1>No such payment</h1><p>onerway-sim has no PaymentIntent or SetupIntent <code>${escape(id.slice(0, 100))}</code> waiting for 3D Secure.</p>`);
    return;
  }
  const { kind, intent: pi } = waiting;
  const id = pi.id;
  if (req.method === 'POST') {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body = (body + chunk).slice(0, 1000)));
    req.on('end', () => {
      const outcome = new URLSearchParams(body).get('outcome') === 'failure' ? 'failure' : 'success';
      let after3ds;
      try {
        after3ds = waiting.authenticate(outcome);
      } catch (e) {
        page(res, 400, 'Not waiting', `<h1>This payment is not waiting for authentication</h1><p>${escape((e as Error).message)}</p>`);
        return;
      }
      after();
      const returnUrl = pi.next_action?.type === 'redirect_to_url' ? pi.next_action.redirect_to_url.return_url : null;
      if (!returnUrl) {
        page(res, 200, 'Done', `<h1>Authentication ${outcome === 'success' ? 'complete' : 'failed'}</h1><p class="note">You can close this window.</p>`);
        return;
      }
      const target = new URL(returnUrl);
      target.searchParams.set(kind, id);
      target.searchParams.set(`${kind}_client_secret`, pi.client_secret);
      target.searchParams.set('redirect_status', ['succeeded', 'requires_capture', 'requires_confirmation'].includes(after3ds.status) ? 'succeeded' : 'failed');
      res.writeHead(303, { Location: target.href, 'Content-Length': '0' });
      res.end();
    });
    return;
  }
  page(
    res,
    200,
    '3D Secure authentication',
    `<h1>3D Secure authentication</h1><p>Confirm ${kind === 'setup_intent' ? 'to the merchant' : 'the payment to the merchant'}.</p><div class="amount">${escape(waiting.what)}</div>
<form method="post"><button name="outcome" value="success">Complete authentication</button><button name="outcome" value="failure">Fail authentication</button></form>
<p class="note">A test page of onerway-sim: no card issuer is involved.</p>`,
  );
}
