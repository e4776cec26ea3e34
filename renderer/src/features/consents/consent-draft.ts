import type { ConsentPurpose, ConsentScope } from '../../../../shared/domain/enums.ts';
import { consentSave, consentWithdraw } from '../../../../shared/domain/records.ts';
import type { ConsentView } from '../../../../shared/ipc/views.ts';
import { checkForm, type DateValue, type FieldErrors, fieldsIn } from '../../lib/forms/form-model.ts';

/** The consent form's values: what consents.save takes, with the date boxes' own state. */
export interface ConsentDraft {
  id: string | null;
  propertyId: string;
  purpose: ConsentPurpose;
  recipient: string;
  scope: ConsentScope[];
  givenOn: DateValue;
  expiresOn: DateValue;
  notes: string;
}

export function newConsent(propertyId: string, today: string): ConsentDraft {
  return {
    id: null,
    propertyId,
    purpose: 'bank_listing',
    recipient: '',
    scope: ['identification', 'listing'],
    givenOn: { date: today, error: null },
    expiresOn: { date: null, error: null },
    notes: '',
  };
}

export function draftFromConsent(c: ConsentView): ConsentDraft {
  return {
    id: c.id,
    propertyId: c.propertyId,
    purpose: c.purpose,
    recipient: c.recipient,
    scope: c.scope,
    givenOn: { date: c.givenOn, error: null },
    expiresOn: { date: c.expiresOn, error: null },
    notes: c.notes ?? '',
  };
}

export const placeConsent = fieldsIn(['purpose', 'recipient', 'scope', 'givenOn', 'expiresOn', 'notes']);

export function consentInput(d: ConsentDraft) {
  return {
    ...(d.id ? { id: d.id } : {}),
    propertyId: d.propertyId,
    purpose: d.purpose,
    recipient: d.recipient,
    scope: d.scope,
    givenOn: d.givenOn.date ?? '',
    expiresOn: d.expiresOn.date,
    notes: d.notes,
  };
}

/** The check before 保存: the core's schema for consents.save (an expiry before the start included). */
export function checkConsent(d: ConsentDraft): FieldErrors {
  return checkForm({
    schema: consentSave,
    input: consentInput(d),
    place: placeConsent,
    typed: { givenOn: d.givenOn.error, expiresOn: d.expiresOn.error },
    required: { givenOn: d.givenOn.date, recipient: d.recipient.trim() },
  });
}

/** The withdrawal's one field, checked with the core's schema (and not before the consent began). */
export function checkWithdrawal(consent: ConsentView, day: DateValue): FieldErrors {
  return checkForm({
    schema: consentWithdraw,
    input: { id: consent.id, withdrawnOn: day.date ?? '' },
    place: fieldsIn(['withdrawnOn']),
    typed: { withdrawnOn: day.error },
    required: { withdrawnOn: day.date },
    rules:
      day.date && day.date < consent.givenOn ? { withdrawnOn: 'validation.consentWithdrawnBeforeStart' } : {},
  });
}
