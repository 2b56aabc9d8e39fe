/**
 * `onerway-sim trigger <event>` and `onerway-sim listen --forward-to <url>`: the Stripe CLI's two
 * most-used commands, against a running simulator (`onerway-sim serve`). Both are clients of its
 * HTTP test helpers, so they work against a server in any process.
 */

export interface ClientArgs {
  command: 'trigger' | 'listen';
  /** The server: `--url`, default http://127.0.0.1:12111. */
  url: string;
  /** `--api-key`, default any test key (the server accepts every well-formed one). */
  key: string;
  event?: string;
  forwardTo?: string;
  events?: string[];
}

const CLIENT_FLAGS = new Set(['--url', '--api-key', '--forward-to', '--events']);

export function parseClientArgs(argv: readonly string[]): ClientArgs | { error: string } {
  const [command, ...rest] = argv as [string, ...string[]];
  const args: ClientArgs = { command: command as 'trigger' | 'listen', url: 'http://127.0.0.1:12111', key: 'sk_test_onerway_sim_cli' };
  for (let i = 0; i < rest.length; i++) {
    const item = rest[i]!;
    if (!item.startsWith('--')) {
      if (command === 'trigger' && args.event === undefined) args.event = item;
      else return { error: `onerway-sim: unexpected '${item}'; run onerway-sim --help for the commands.` };
      continue;
    }
    if (!CLIENT_FLAGS.has(item)) return { error: `onerway-sim: unknown option '${item}'; run onerway-sim --help for the options.` };
    const value = rest[++i];
    if (value === undefined) return { error: `onerway-sim: ${item} needs a value.` };
    if (item === '--url') args.url = value.replace(/\/+$/, '');
    else if (item === '--api-key') args.key = value;
    else if (item === '--forward-to') args.forwardTo = value;
    else args.events = value.split(',').map((e) => e.trim());
  }
  if (command === 'trigger' && args.event === undefined) return { error: 'onerway-sim: trigger needs an event type, e.g. onerway-sim trigger payment_intent.succeeded' };
  if (command === 'listen' && args.forwardTo === undefined) return { error: 'onerway-sim: listen needs --forward-to <url>' };
  return args;
}

async function call(args: ClientArgs, method: string, path: string, form?: Record<string, string>): Promise<Record<string, unknown>> {
  const res = await fetch(`${args.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${args.key}`, ...(form && { 'Content-Type': 'application/x-www-form-urlencoded' }) },
    ...(form && { body: new URLSearchParams(form) }),
  });
  const body = (await res.json()) as Record<string, unknown> & { error?: { message: string } };
  if (!res.ok) throw new Error(`onerway-sim: ${method} ${path}: ${res.status} ${body.error?.message ?? ''}`);
  return body;
}

/** Runs `trigger` or `listen`; resolves when done (`listen`: when `stop` resolves). */
export async function runClient(args: ClientArgs, stop: Promise<void>, print: (line: string) => void): Promise<void> {
  if (args.command === 'trigger') {
    const done = await call(args, 'POST', '/v1/test_helpers/events/trigger', { event: args.event! });
    print(`Triggered ${args.event} (${String(done['id'])}): its webhooks are being delivered.`);
    return;
  }
  const form: Record<string, string> = { url: args.forwardTo! };
  (args.events ?? ['*']).forEach((e, i) => (form[`enabled_events[${i}]`] = e));
  const endpoint = await call(args, 'POST', '/v1/webhook_endpoints', form);
  print(`Ready! Forwarding events to ${args.forwardTo}. Your webhook signing secret is ${String(endpoint['secret'])} (^C to quit)`);
  const seen = new Set<string>();
  let stopped = false;
  void stop.then(() => (stopped = true));
  while (!stopped) {
    const list = (await call(args, 'GET', `/v1/test_helpers/webhook_attempts?endpoint=${String(endpoint['id'])}`)) as { data: Array<{ event: string; attempt: number; status: number | null; error: string | null; time: number }> };
    for (const a of list.data) {
      const key = `${a.event}:${a.attempt}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const type = (await call(args, 'GET', `/v1/events/${a.event}`).catch(() => ({ type: '?' })))['type'];
      print(`${new Date(a.time).toISOString()}  --> ${String(type)} [${a.event}, attempt ${a.attempt}]  <-- ${a.status ?? `failed: ${a.error}`}`);
    }
    await Promise.race([stop, new Promise((r) => setTimeout(r, 250))]);
  }
  await call(args, 'DELETE', `/v1/webhook_endpoints/${String(endpoint['id'])}`).catch(() => undefined);
}
