/**
 * The declines a card can meet (reference §6.2), as the API reports them: HTTP 402 `card_error`
 * with `code`, `decline_code` and the message merchants show. The test-card table names them.
 */

/** A decline as the API reports it (HTTP 402 `card_error`). */
export interface Decline {
  readonly code: string;
  readonly declineCode: string;
  readonly message: string;
  /** The card field the error names (`cvc` for an incorrect CVC). */
  readonly param?: string;
}

export const DECLINES = {
  generic_decline: { code: 'card_declined', declineCode: 'generic_decline', message: 'Your card was declined.' },
  insufficient_funds: { code: 'card_declined', declineCode: 'insufficient_funds', message: 'Your card has insufficient funds.' },
  lost_card: { code: 'card_declined', declineCode: 'lost_card', message: 'Your card was declined.' },
  stolen_card: { code: 'card_declined', declineCode: 'stolen_card', message: 'Your card was declined.' },
  expired_card: { code: 'expired_card', declineCode: 'expired_card', message: 'Your card has expired.', param: 'exp_month' },
  incorrect_cvc: { code: 'incorrect_cvc', declineCode: 'incorrect_cvc', message: "Your card's security code is incorrect.", param: 'cvc' },
  processing_error: {
    code: 'processing_error',
    declineCode: 'processing_error',
    message: 'An error occurred while processing your card. Try again in a little bit.',
  },
  card_velocity_exceeded: {
    code: 'card_declined',
    declineCode: 'card_velocity_exceeded',
    message: 'Your card was declined for making repeated attempts too frequently or exceeding its amount limit.',
  },
  fraudulent: { code: 'card_declined', declineCode: 'fraudulent', message: 'Your card was declined.' },
  authentication_required: {
    code: 'authentication_required',
    declineCode: 'authentication_required',
    message: 'Your card was declined. This transaction requires authentication.',
  },
  live_mode_test_card: {
    code: 'card_declined',
    declineCode: 'live_mode_test_card',
    message: 'Your card was declined. Your request was in live mode, but used a known test card.',
  },
} as const satisfies Record<string, Decline>;

export type DeclineName = keyof typeof DECLINES;
