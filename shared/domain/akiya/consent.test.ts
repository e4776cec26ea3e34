import { describe, expect, it } from 'vitest';
import { consentState, validConsentFor } from './consent.ts';

const base = { purpose: 'bank_listing', givenOn: '2026-04-01', expiresOn: '2027-03-31', withdrawnOn: null };

describe('consent validity', () => {
  it.each([
    ['2026-03-31', base, 'not_yet'],
    ['2026-04-01', base, 'valid'],
    ['2027-03-31', base, 'valid'],
    ['2027-04-01', base, 'expired'],
    ['2026-06-01', { ...base, withdrawnOn: '2026-06-01' }, 'withdrawn'],
    ['2026-05-31', { ...base, withdrawnOn: '2026-06-01' }, 'valid'],
    ['2026-06-01', { ...base, expiresOn: null }, 'valid'],
    ['2026-06-01', { ...base, deletedAt: '2026-05-01T00:00:00Z' }, 'deleted'],
  ] as const)('on %s', (day, consent, state) => {
    expect(consentState(consent, day)).toBe(state);
  });

  it('picks a valid consent of the purpose, the longest lasting first', () => {
    const a = { ...base, id: 'a', expiresOn: '2026-12-31' };
    const b = { ...base, id: 'b', expiresOn: null };
    const c = { ...base, id: 'c', purpose: 'photo_publication' };
    expect(validConsentFor([a, b, c], 'bank_listing', '2026-06-01')?.id).toBe('b');
    expect(validConsentFor([a, c], 'residence_support_corp', '2026-06-01')).toBeNull();
  });
});
