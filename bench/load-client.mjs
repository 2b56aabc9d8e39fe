/**
 * The server door's load generator, run in a process of its own (forked with an IPC channel), as
 * an SDK in another process is, so the measurement is the server's cost and not the sum of a
 * client and a server sharing one thread. Keep-alive node:http, `inFlight` requests at a time;
 * answers are read and parsed, and any status but 200 fails the run.
 */
import { Agent, request } from 'node:http';
const agent = new Agent({ keepAlive: true, maxSockets: 64 });
function post(url, key, body) {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => { const v = JSON.parse(Buffer.concat(chunks).toString('utf8')); res.statusCode === 200 ? resolve(v) : reject(new Error(`status ${res.statusCode}`)); });
    });
    req.on('error', reject);
    req.end(body);
  });
}
const reply = (message) => process.send(message);
process.on('message', async ({ url, key, body, inFlight, ms }) => {
  let n = 0;
  const start = performance.now();
  try {
    await Promise.all(
      Array.from({ length: inFlight }, async () => {
        while (performance.now() - start < ms) {
          await post(url, key, body);
          n++;
        }
      }),
    );
    reply({ n, elapsed: performance.now() - start });
  } catch (e) {
    reply({ error: String(e) });
  }
});
