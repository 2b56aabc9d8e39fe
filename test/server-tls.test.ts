/** The server door over HTTPS (issue #17): the shipped test certificate, or the user's own. */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { startServer, TEST_CERTIFICATE } from '../src/adapters/server.js';
import { TEST_CERTIFICATE_KEY } from '../src/adapters/tls.js';

describe('HTTPS', () => {
  it('stripe-node pays over HTTPS, trusting the certificate the server exposes', async () => {
    const server = await startServer({}, { tls: true });
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(server.certificate).toBe(TEST_CERTIFICATE);
    const stripe = new Stripe(server.sim.secretKey, {
      host: '127.0.0.1',
      port: server.port,
      protocol: 'https',
      httpAgent: new Agent({ ca: server.certificate, keepAlive: true }),
      maxNetworkRetries: 0,
    });
    const pi = await stripe.paymentIntents.create({ amount: 2000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true });
    expect(pi.status).toBe('succeeded');
    await server.close();
  });

  it('a client that does not trust it is refused by TLS, not answered', async () => {
    const server = await startServer({}, { tls: true });
    const stripe = new Stripe(server.sim.secretKey, { host: '127.0.0.1', port: server.port, protocol: 'https', maxNetworkRetries: 0 });
    await expect(stripe.customers.create()).rejects.toBeInstanceOf(Stripe.errors.StripeConnectionError);
    await server.close();
    expect(server.sim.requests()).toEqual([]);
  });

  it('curl with --cacert, against the user\'s own certificate and key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'onerway-sim-tls-'));
    const cert = join(dir, 'cert.pem');
    writeFileSync(cert, TEST_CERTIFICATE);
    const server = await startServer({}, { tls: { cert: TEST_CERTIFICATE, key: TEST_CERTIFICATE_KEY } });
    let out: string;
    try {
      ({ stdout: out } = await promisify(execFile)('curl', ['-s', '--cacert', cert, `${server.url}/v1/customers`, '-u', `${server.sim.secretKey}:`, '-d', 'email=tls@example.com']));
    } catch (e) {
      if ((e as { code?: string }).code === 'ENOENT') return; // no curl on this machine
      throw e;
    } finally {
      await server.close();
    }
    expect(JSON.parse(out).email).toBe('tls@example.com');
  });
});
