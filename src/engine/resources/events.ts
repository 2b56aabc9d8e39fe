/**
 * The Events API (reference §10.1): list and retrieve the events the log recorded, each rendered
 * in its own `api_version`, for 30 days of simulated time. Recording lives in the core (events.ts).
 */
import type { RequestContext } from '../context.js';
import { resourceMissing } from '../errors.js';
import { EVENTS, EVENT_RETENTION_SECONDS, type OnerwayEvent } from '../events.js';
import { listFields, type ListObject } from '../list.js';
import { findOrThrow, listOf } from '../lookup.js';
import { array, string, type Params } from '../params.js';
import { route } from '../routes.js';
import { renderForVersion, type ApiVersion } from '../versions.js';


function visible(ctx: RequestContext, event: OnerwayEvent): boolean {
  return ctx.now - event.created < EVENT_RETENTION_SECONDS;
}

/** An event as the API shows it: rendered in its own `api_version`. */
function render(ctx: RequestContext, event: OnerwayEvent): OnerwayEvent {
  return renderForVersion(event, event.api_version as ApiVersion, ctx) as OnerwayEvent;
}

function retrieve(ctx: RequestContext, _p: unknown, path: Readonly<Record<string, string>>): OnerwayEvent {
  const row = findOrThrow(ctx, EVENTS, path['id']!, 'event', 'id', 404);
  // Past its 30 days an event is gone, as in the API.
  if (!visible(ctx, row.object)) throw resourceMissing('event', row.id, 'id', { status: 404 });
  return render(ctx, row.object);
}

/** `charge.*` matches every charge event; without `*` the type must be equal. */
function typeMatcher(pattern: string): (type: string) => boolean {
  if (!pattern.includes('*')) return (type) => type === pattern;
  const re = new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return (type) => re.test(type);
}

const listEventFields = { ...listFields, type: string(), types: array(string(), { maxItems: 20 }) } as const;

function list(ctx: RequestContext, p: Params<typeof listEventFields>): ListObject<OnerwayEvent> {
  const one = p.type === undefined ? undefined : typeMatcher(p.type);
  const any = p.types?.map(typeMatcher);
  // Only the last 30 days: the window starts after the retention horizon.
  const created = { ...p.created, gt: Math.max(p.created?.gt ?? -Infinity, ctx.now - EVENT_RETENTION_SECONDS) };
  return listOf(ctx, EVENTS, { ...p, created }, {
    noun: 'event',
    url: '/v1/events',
    filter: ({ object: { type } }) => (one === undefined || one(type)) && (any === undefined || any.some((m) => m(type))),
    render: (row) => render(ctx, row.object),
  });
}

export const eventRoutes = [
  route({ method: 'GET', path: '/v1/events', fields: listEventFields, handler: list, returns: 'event', list: true }),
  route({ method: 'GET', path: '/v1/events/:id', fields: {}, handler: retrieve, returns: 'event' }),
];
