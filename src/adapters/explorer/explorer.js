// The onerway-sim explorer: a plain module the server door serves at `/`. Everything it shows
// comes from the simulator: the endpoints and their forms from the OpenAPI description
// (/openapi.json), the keys from /explorer/config.json, the state from the API and its test helpers.

const $ = (id) => document.getElementById(id);
const el = (tag, attrs = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') node.className = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else if (v !== undefined && v !== null && v !== false) node.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
};

const [config, doc] = await Promise.all([fetch('/explorer/config.json').then((r) => r.json()), fetch('/openapi.json').then((r) => r.json())]);
const schemas = doc.components.schemas;
const resolve = (s) => (s && s.$ref ? schemas[s.$ref.split('/').at(-1)] : s);

// ---- controls: key, version, account, idempotency key ----
for (const [label, key] of [['test secret key', config.secretKey], ['publishable key', config.publishableKey], ['live secret key', config.liveSecretKey]]) {
  $('key').append(el('option', { value: key }, `${label} (${key.slice(0, 12)}…)`));
}
$('version').append(el('option', { value: '' }, 'default'));
for (const v of doc.components.parameters['Onerway-Version'].schema.enum) $('version').append(el('option', { value: v }, v));

function headers(extra = {}) {
  const h = { Authorization: `Bearer ${$('key').value}`, ...extra };
  if ($('version').value) h['Onerway-Version'] = $('version').value;
  if ($('account').value.trim()) h['Onerway-Account'] = $('account').value.trim();
  return h;
}

// ---- the endpoints, grouped by resource ----
const operations = [];
for (const [path, ops] of Object.entries(doc.paths)) {
  for (const [method, op] of Object.entries(ops)) {
    if (method === 'put') continue;
    operations.push({ method: method.toUpperCase(), path, op, tag: op.tags[0] });
  }
}
function renderNav() {
  const filter = $('filter').value.toLowerCase();
  const groups = new Map();
  for (const o of operations) {
    if (filter && !`${o.method} ${o.path}`.toLowerCase().includes(filter)) continue;
    if (!groups.has(o.tag)) groups.set(o.tag, []);
    groups.get(o.tag).push(o);
  }
  $('groups').replaceChildren(
    ...[...groups].map(([tag, ops]) =>
      el('details', { open: !!filter || !tag.startsWith('test_helpers.') },
        el('summary', {}, tag),
        ...ops.map((o) => el('button', { class: 'endpoint', type: 'button', 'data-op': `${o.method} ${o.path}`, onclick: () => select(o) },
          el('span', { class: `method ${o.method}` }, o.method), o.path.replace('/v1/', '/'), o.op['x-onerway-simulator'] ? el('span', { class: 'sim' }, ' simulator') : '')),
      ),
    ),
  );
}
$('filter').addEventListener('input', renderNav);
renderNav();

// ---- forms generated from the description ----
let current;

function describe(schema) {
  const s = resolve(schema) ?? {};
  const notes = [];
  if (s.maxLength !== undefined && s.maxLength !== 5000) notes.push(`≤ ${s.maxLength} characters`);
  if (s.minimum !== undefined) notes.push(`≥ ${s.minimum}`);
  if (s.maximum !== undefined) notes.push(`≤ ${s.maximum}`);
  if (s.maxItems !== undefined) notes.push(`≤ ${s.maxItems} items`);
  const types = [].concat(s.type ?? []);
  if (types.includes('null')) notes.push('empty unsets it');
  return notes.join(', ');
}

/** A form field (or a fieldset) for one parameter, named in bracket notation. */
function field(name, schema, required) {
  const s = resolve(schema) ?? {};
  const types = [].concat(s.type ?? (s.anyOf ? [] : ['string']));
  const type = types.find((t) => t !== 'null') ?? (s.anyOf ? 'string' : 'string');
  if (type === 'object' && s.properties) {
    return el('fieldset', {}, el('legend', {}, name), ...Object.entries(s.properties).map(([k, v]) => field(`${name}[${k}]`, v, (s.required ?? []).includes(k))));
  }
  if (type === 'object') {
    // metadata and other free hashes: key/value rows
    const rows = el('div', {});
    const add = () => {
      const key = el('input', { placeholder: 'key', 'data-key-for': name });
      const value = el('input', { placeholder: 'value', 'data-value-for': name });
      rows.append(el('div', { class: 'field' }, key, value));
    };
    return el('fieldset', {}, el('legend', {}, `${name} (keys and values)`), rows, el('button', { type: 'button', class: 'add', onclick: add }, '+ key'));
  }
  if (type === 'array') {
    const items = el('div', {});
    let n = 0;
    const add = () => items.append(field(`${name}[${n++}]`, s.items, false));
    return el('fieldset', {}, el('legend', {}, `${name} (list)`), items, el('button', { type: 'button', class: 'add', onclick: add }, '+ item'));
  }
  let input;
  if (s.enum || type === 'boolean') {
    const values = s.enum ? s.enum.filter((v) => v !== null) : ['true', 'false'];
    input = el('select', { name, 'data-param': name }, el('option', { value: '' }, ''), ...values.map((v) => el('option', { value: v }, v)));
  } else {
    input = el('input', { name, 'data-param': name, type: type === 'integer' ? 'number' : 'text', id: `param-${name}` });
  }
  const hint = describe(s);
  return el('div', { class: 'field' }, el('label', { for: `param-${name}` }, name, required ? el('span', { class: 'req' }, ' *') : ''), input, hint ? el('div', { class: 'hint' }, hint) : '');
}

function select(o) {
  current = o;
  for (const b of document.querySelectorAll('.endpoint')) b.classList.toggle('active', b.dataset.op === `${o.method} ${o.path}`);
  $('op-title').textContent = `${o.method} ${o.path}`;
  const notes = [];
  if (o.op.description) notes.push(o.op.description);
  if (o.op['x-onerway-events']?.length) notes.push(`Events: ${o.op['x-onerway-events'].join(', ')}.`);
  $('op-notes').textContent = notes.join(' ');
  const fields = [];
  for (const p of o.op.parameters) {
    if (p.$ref) continue;
    if (p.in === 'path') fields.push(field(`:${p.name}`, p.schema, true));
    else if (p.in === 'query') fields.push(field(p.name, p.schema, p.required));
  }
  const body = o.op.requestBody && resolve(o.op.requestBody.content['application/json'].schema);
  if (body) for (const [k, v] of Object.entries(body.properties ?? {})) fields.push(field(k, v, (body.required ?? []).includes(k)));
  $('fields').replaceChildren(...fields);
  $('op-form').hidden = false;
  $('result').hidden = true;
}

/** The form's values as bracket-notation pairs, empty ones left out. */
function collect() {
  const pairs = [];
  const path = {};
  for (const input of $('fields').querySelectorAll('[data-param]')) {
    if (input.value === '') continue;
    if (input.dataset.param.startsWith(':')) path[input.dataset.param.slice(1)] = input.value;
    else pairs.push([input.dataset.param, input.value]);
  }
  for (const key of $('fields').querySelectorAll('[data-key-for]')) {
    const value = key.nextElementSibling;
    if (key.value) pairs.push([`${key.dataset.keyFor}[${key.value}]`, value.value]);
  }
  return { pairs, path };
}

$('op-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  if (!current) return;
  const { pairs, path } = collect();
  const url = current.path.replace(/\{(\w+)\}/g, (_, k) => encodeURIComponent(path[k] ?? ''));
  const form = new URLSearchParams(pairs).toString();
  const get = current.method === 'GET' || current.method === 'DELETE';
  const extra = current.method === 'POST' && $('idempotency').value ? { 'Idempotency-Key': $('idempotency').value } : {};
  const res = await fetch(get && form ? `${url}?${form}` : url, {
    method: current.method,
    headers: headers(get ? extra : { ...extra, 'Content-Type': 'application/x-www-form-urlencoded' }),
    ...(!get && { body: form }),
  });
  const text = await res.text();
  $('result').hidden = false;
  $('status').textContent = `${res.status}`;
  $('status').className = res.ok ? 'ok' : 'err';
  const shown = ['request-id', 'idempotent-replayed', 'x-ratelimit-limit', 'x-ratelimit-remaining', 'onerway-version'];
  $('headers').textContent = shown.filter((h) => res.headers.has(h)).map((h) => `${h}: ${res.headers.get(h)}`).join('\n');
  let body;
  try {
    body = JSON.parse(text);
    $('body').textContent = JSON.stringify(body, null, 2);
  } catch {
    $('body').textContent = text;
  }
  // A 3D Secure step links to the challenge page the server serves.
  const next = body?.next_action ?? body?.error?.payment_intent?.next_action;
  const challenge = next?.redirect_to_url?.url ?? next?.use_stripe_sdk?.stripe_js;
  $('links').replaceChildren(...(challenge ? [el('a', { id: 'challenge', href: challenge, target: '_blank', rel: 'noopener' }, 'Open the 3D Secure challenge page')] : []));
  await refresh();
});

// ---- the simulator's state ----
async function api(path, init = {}) {
  const res = await fetch(path, { ...init, headers: { Authorization: `Bearer ${config.secretKey}`, ...(init.headers ?? {}) } });
  return res.json();
}

const when = (seconds) => new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');

async function refresh() {
  const [state, events, endpoints, attempts, requests] = await Promise.all([
    api('/v1/test_helpers/state'),
    api('/v1/events?limit=8'),
    api('/v1/webhook_endpoints?limit=10'),
    api('/v1/test_helpers/webhook_attempts'),
    api('/v1/test_helpers/requests'),
  ]);
  $('now').textContent = `simulated now: ${when(state.now)} · ${state.scheduled} scheduled`;
  $('objects').replaceChildren(...state.collections.map((c) => el('tr', { 'data-collection': c.name }, el('td', {}, c.name), el('td', {}, String(c.count)), el('td', {}, c.newest.join(' ')))));
  $('events').replaceChildren(...events.data.map((e) => el('li', {}, `${when(e.created)} ${e.type} ${e.data.object.id ?? ''}`)));
  $('webhooks').replaceChildren(
    ...endpoints.data.map((w) =>
      el('div', { class: 'endpoint-state', 'data-endpoint': w.id },
        el('div', {}, `${w.url} (${w.status})`),
        ...attempts.data.filter((a) => a.endpoint === w.id).slice(-8).map((a) =>
          el('div', { class: `attempt ${a.succeeded ? 'ok' : 'failed'}` },
            `#${a.attempt} ${new Date(a.time).toISOString()} ${a.status ?? a.error ?? ''}${a.nextAttemptAt ? ` · retry at ${new Date(a.nextAttemptAt).toISOString()}` : ''}${a.signature ? ` · ${a.signature.slice(0, 24)}…` : ''}`)),
      ),
    ),
  );
  const own = requests.data.filter((r) => !r.path.startsWith('/v1/test_helpers/') && !(r.method === 'GET' && ['/v1/events', '/v1/webhook_endpoints'].includes(r.path)));
  $('requests').replaceChildren(...own.slice(-8).reverse().map((r) => el('li', {}, `${r.method} ${r.path} → ${r.status}`)));
}

$('refresh').addEventListener('click', refresh);
for (const b of document.querySelectorAll('[data-advance]')) {
  b.addEventListener('click', async () => {
    await api('/v1/test_helpers/advance', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: `seconds=${b.dataset.advance}` });
    await refresh();
  });
}
await refresh();
document.body.dataset.ready = 'true';
