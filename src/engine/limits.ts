/** The overview's object quotas (SPEC §5), as options so a test can lower them. */
export interface Limits {
  /** Customers per account and mode (deleted ones do not count). Default 50,000. */
  customersPerAccount: number;
  /** PaymentMethods attached to one customer. Default 500. */
  paymentMethodsPerCustomer: number;
}

export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  customersPerAccount: 50_000,
  paymentMethodsPerCustomer: 500,
});
