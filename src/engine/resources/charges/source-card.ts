/** The legacy card object of the Charges API (a charge's `source`). */
import type { CheckResult } from '../../test-cards.js';

/** The card object a token becomes when the Charges API charges it (the legacy `source`). */
export interface SourceCard {
  id: string;
  object: 'card';
  address_city: string | null;
  address_country: string | null;
  address_line1: string | null;
  address_line1_check: CheckResult | 'unchecked' | null;
  address_line2: string | null;
  address_state: string | null;
  address_zip: string | null;
  address_zip_check: CheckResult | 'unchecked' | null;
  brand: string;
  country: string;
  customer: string | null;
  cvc_check: CheckResult | 'unchecked' | null;
  dynamic_last4: null;
  exp_month: number;
  exp_year: number;
  fingerprint: string;
  funding: string;
  last4: string;
  metadata: Record<string, string>;
  name: string | null;
  tokenization_method: null;
}
