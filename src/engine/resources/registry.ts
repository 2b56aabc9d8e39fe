/**
 * The resources, joined: every resource's route rows in table order, and the hooks the engine
 * core calls into. The only module that knows every resource; the wire's router and the
 * simulator read it, and a new resource is added here (docs/architecture.md).
 */
import type { EngineHooks } from '../context.js';
import type { Route } from '../routes.js';
import { customerRoutes } from './customers/routes.js';
import { customerBalanceRoutes } from './customers/balance-transactions.js';
import { paymentMethodRoutes } from './payment-methods/routes.js';
import { paymentIntentRoutes } from './payment-intents/routes.js';
import { chargeRoutes } from './charges/routes.js';
import { setupIntentRoutes } from './setup-intents/routes.js';
import { setupAttemptRoutes } from './setup-intents/attempts.js';
import { balanceRoutes } from './balance.js';
import { refundRoutes } from './refunds.js';
import { scheduleDeliveries, webhookEndpointRoutes } from './webhook-endpoints.js';
import { eventRoutes } from './events.js';
import { accountRoutes } from './account-routes.js';
import { transferRoutes } from './transfers.js';
import { testClockRoutes } from './test-clocks.js';
import { simulatorHelperRoutes } from './simulator-helpers.js';
import { disputeRoutes } from './disputes/routes.js';
import { earlyFraudWarningRoutes } from './disputes/early-fraud-warnings.js';
import { payoutRoutes } from './payouts/routes.js';
import { externalAccountRoutes } from './payouts/external-accounts.js';
import { restrictedKeyRoutes } from './restricted-keys.js';
import { searchRoutes } from './search.js';
import { applicationFeeRoutes } from './application-fees.js';
import { simulatorPowerRoutes } from './simulator-powers.js';
import { CHARGES_LIST_CHANGE } from './payment-intents/version-change.js';
import { registerVersionChange } from '../versions.js';

/** Every route, in matching order (the first row that matches a path answers it). */
export const RESOURCE_ROUTES: readonly Route[] = [
  // Before the resources' own rows: `/v1/customers/search` is not the customer with id `search`.
  ...searchRoutes,
  ...customerRoutes,
  ...customerBalanceRoutes,
  ...paymentMethodRoutes,
  ...paymentIntentRoutes,
  ...chargeRoutes,
  ...setupIntentRoutes,
  ...setupAttemptRoutes,
  ...balanceRoutes,
  ...refundRoutes,
  ...webhookEndpointRoutes,
  ...eventRoutes,
  ...externalAccountRoutes,
  ...accountRoutes,
  ...transferRoutes,
  ...testClockRoutes,
  ...simulatorHelperRoutes,
  ...disputeRoutes,
  ...earlyFraudWarningRoutes,
  ...payoutRoutes,
  ...restrictedKeyRoutes,
  ...applicationFeeRoutes,
  ...simulatorPowerRoutes,
];

/** The version changes the resources carry (SPEC §3), newest first once registered. */
for (const change of [CHARGES_LIST_CHANGE]) registerVersionChange(change);

/** What the engine core asks of the resources. */
export const RESOURCE_HOOKS: EngineHooks = { scheduleDeliveries };
