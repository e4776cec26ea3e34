import type { ConsentPurpose } from '../enums.ts';

/**
 * When an owner's consent (同意) allows a hand-over: on `day` ('YYYY-MM-DD', the town's calendar day), a
 * consent is valid when it was given on or before that day, has not expired (the expiry day itself
 * still counts) and was not withdrawn on or before that day (a withdrawal takes effect the day it is
 * recorded). A deleted consent is never valid. Every disclosure path and the バンク登録 status check use
 * this one rule.
 */
export interface ConsentDates {
  purpose: ConsentPurpose | string;
  givenOn: string;
  expiresOn: string | null;
  withdrawnOn: string | null;
  deletedAt?: string | null;
}

export type ConsentState = 'valid' | 'not_yet' | 'expired' | 'withdrawn' | 'deleted';

export function consentState(c: ConsentDates, day: string): ConsentState {
  if (c.deletedAt) return 'deleted';
  if (c.withdrawnOn && c.withdrawnOn <= day) return 'withdrawn';
  if (c.givenOn > day) return 'not_yet';
  if (c.expiresOn && c.expiresOn < day) return 'expired';
  return 'valid';
}

/** The first consent valid on `day` for `purpose`, preferring the one that lasts longest. */
export function validConsentFor<T extends ConsentDates>(
  consents: readonly T[],
  purpose: ConsentPurpose,
  day: string,
): T | null {
  const valid = consents.filter((c) => c.purpose === purpose && consentState(c, day) === 'valid');
  valid.sort((a, b) => (b.expiresOn ?? '9999-12-31').localeCompare(a.expiresOn ?? '9999-12-31'));
  return valid[0] ?? null;
}
