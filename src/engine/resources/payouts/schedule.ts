/**
 * Automatic payouts: an account whose `settings[payouts][schedule][interval]` is daily, weekly or
 * monthly has its whole available balance in each currency (that has a default external account)
 * paid out at midnight UTC of each payout day, on the simulated clock. `manual`, the simulator's
 * default, pays out only on request (docs/money-out.md).
 */
import { civilFromDays } from '../../clock.js';
import type { RequestContext } from '../../context.js';
import { invalidRequest } from '../../errors.js';
import { saveSettings, settingsOf, type PayoutSchedule } from '../accounts.js';
import { balanceTotals } from '../balance.js';
import { createPayout } from './create.js';
import { defaultExternalAccount } from './external-accounts.js';

const DAY = 86_400;
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
const GENERATION = 'payouts.schedule_generation';

/** The schedule a request asks for, laid over the current one and checked (nothing written). */
export function checkedSchedule(current: PayoutSchedule, given: Partial<PayoutSchedule>): PayoutSchedule {
  const interval = given.interval ?? current.interval;
  const next: PayoutSchedule = { delay_days: given.delay_days ?? current.delay_days, interval };
  if (interval === 'weekly') {
    const anchor = given.weekly_anchor ?? current.weekly_anchor;
    if (anchor === undefined) throw invalidRequest('A weekly payout schedule needs settings[payouts][schedule][weekly_anchor] (monday … sunday).', { param: 'settings[payouts][schedule][weekly_anchor]' });
    next.weekly_anchor = anchor;
  } else if (given.weekly_anchor !== undefined) {
    throw invalidRequest('settings[payouts][schedule][weekly_anchor] can only be set with interval=weekly.', { param: 'settings[payouts][schedule][weekly_anchor]' });
  }
  if (interval === 'monthly') {
    const anchor = given.monthly_anchor ?? current.monthly_anchor;
    if (anchor === undefined) throw invalidRequest('A monthly payout schedule needs settings[payouts][schedule][monthly_anchor] (1–31).', { param: 'settings[payouts][schedule][monthly_anchor]' });
    next.monthly_anchor = anchor;
  } else if (given.monthly_anchor !== undefined) {
    throw invalidRequest('settings[payouts][schedule][monthly_anchor] can only be set with interval=monthly.', { param: 'settings[payouts][schedule][monthly_anchor]' });
  }
  return next;
}

/** The first payout time of `schedule` strictly after `now` (midnight UTC of a payout day), or null for manual. */
export function nextPayoutAt(schedule: PayoutSchedule, now: number): number | null {
  if (schedule.interval === 'manual') return null;
  for (let day = Math.floor(now / DAY) + 1; ; day++) {
    if (schedule.interval === 'daily') return day * DAY;
    if (schedule.interval === 'weekly' && WEEKDAYS[(((day + 4) % 7) + 7) % 7] === schedule.weekly_anchor) return day * DAY;
    if (schedule.interval === 'monthly') {
      const date = civilFromDays(day);
      const lastOfMonth = civilFromDays(day + 1).month !== date.month;
      if (date.day === schedule.monthly_anchor || (lastOfMonth && date.day < schedule.monthly_anchor!)) return day * DAY;
    }
  }
}

/** Stores a new schedule for the account `ctx` acts for, and plans its next automatic payout. */
export function updateSchedule(ctx: RequestContext, schedule: PayoutSchedule): void {
  const settings = settingsOf(ctx);
  saveSettings(ctx, { payouts: { ...settings.payouts, schedule } });
  const generations = ctx.data.map<string, number>(GENERATION);
  const generation = (generations.get('current') ?? 0) + 1;
  generations.set('current', generation);
  planNext(ctx, schedule, generation);
}

function planNext(ctx: RequestContext, schedule: PayoutSchedule, generation: number): void {
  const at = nextPayoutAt(schedule, ctx.now);
  if (at !== null) ctx.scheduler.schedule(at * 1000, { kind: 'automatic_payout', mode: ctx.mode, account: ctx.data.account, generation });
}

/** The clock reached a payout day: the available balance of each currency goes to its default external account. */
export function runAutomaticPayout(ctx: RequestContext, generation: number): void {
  if (ctx.data.map<string, number>(GENERATION).get('current') !== generation) return;
  const schedule = settingsOf(ctx).payouts.schedule;
  for (const [currency, totals] of [...balanceTotals(ctx)].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (totals.available <= 0 || !defaultExternalAccount(ctx, currency)) continue;
    createPayout(ctx, { amount: totals.available, currency }, true);
  }
  ctx.coverage?.timed.add('automatic_payout');
  planNext(ctx, schedule, generation);
}
