/** The postal address hash shared by customers, shipping and billing details. */
import { hash, string } from './params.js';

export interface Address {
  city: string | null;
  country: string | null;
  line1: string | null;
  line2: string | null;
  postal_code: string | null;
  state: string | null;
}

export const addressFields = {
  city: string({ nullable: true }),
  country: string({ nullable: true }),
  line1: string({ nullable: true }),
  line2: string({ nullable: true }),
  postal_code: string({ nullable: true }),
  state: string({ nullable: true }),
} as const;

export const addressParam = hash(addressFields, { nullable: true });

export const EMPTY_ADDRESS: Readonly<Address> = Object.freeze({
  city: null,
  country: null,
  line1: null,
  line2: null,
  postal_code: null,
  state: null,
});

/** Merges an address update leaf by leaf into `current` (absent → all leaves null). */
export function mergeAddress(current: Address | null, update: Partial<Address>): Address {
  return { ...(current ?? EMPTY_ADDRESS), ...update };
}
