/**
 * 3D Secure (reference §6.4), shared by PaymentIntents and SetupIntents: whether a card must
 * authenticate, and the `next_action` that sends the customer to the challenge page.
 */
import type { RequestContext } from '../context.js';
import type { TestCard } from '../test-cards.js';
import type { NextAction } from './objects.js';

/** What a failed 3D Secure challenge records (`last_payment_error`, `last_setup_error`). */
export const AUTHENTICATION_FAILED_MESSAGE = 'We are unable to authenticate your payment method. Please choose a different payment method and try again.';

/** The simulator's refusal to authenticate an intent that is not waiting for it; `card` is a 3D Secure test card to confirm with. */
export function notAwaitingAuthentication(noun: 'PaymentIntent' | 'SetupIntent', status: string, card: string): string {
  return `onerway-sim: this ${noun} is not waiting for 3D Secure authentication: its status is ${status}. Only a ${noun} in requires_action can be authenticated; confirm it first with a 3D Secure test card such as ${card}.`;
}

/** Whether this attempt must authenticate first (reference §6.4). */
export function needsAuthentication(card: TestCard, offSession: boolean, setUp: boolean, request: string): boolean {
  switch (card.threeDS) {
    case 'none':
    case 'not_supported':
      return false;
    case 'optional':
      return !offSession && request !== 'automatic';
    case 'required':
      return true;
    case 'required_on_setup':
      return offSession ? !setUp : true;
    case 'required_set_up_for_off_session':
      return !offSession;
  }
}

/**
 * The 3D Secure step: a challenge page at the origin the request came in on (the server door
 * serves it; in process, `hooks.onerway.com`, where the test helper completes it instead).
 */
export function nextAction(ctx: RequestContext, intent: string, returnUrl: string | undefined): NextAction {
  const source = ctx.ids.next('src');
  const account = ctx.data.account === null ? '' : `&account=${ctx.data.account}`;
  const url = `${ctx.origin ?? 'https://hooks.onerway.com'}/3d_secure_2/hosted?${intent}&source=${source}${account}`;
  return returnUrl
    ? { type: 'redirect_to_url', redirect_to_url: { url, return_url: returnUrl } }
    : { type: 'use_stripe_sdk', use_stripe_sdk: { type: 'three_d_secure_redirect', source, stripe_js: url } };
}

