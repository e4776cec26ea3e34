import type { EnquiryChannel, EnquiryOutcome } from '../../../../shared/domain/enums.ts';
import type { EnquiryView } from '../../../../shared/ipc/views.ts';
import type { DateValue, FieldErrors } from '../stays/stay-draft.ts';

export interface EnquiryDraft {
  id: string | null;
  contactName: string;
  contactNameKana: string;
  phone: string;
  email: string;
  channel: EnquiryChannel;
  receivedOn: DateValue;
  topic: string;
  outcome: EnquiryOutcome;
  nextAction: string;
  nextActionOn: DateValue;
}

export function newEnquiry(today: string): EnquiryDraft {
  return {
    id: null,
    contactName: '',
    contactNameKana: '',
    phone: '',
    email: '',
    channel: 'phone',
    receivedOn: { date: today, error: null },
    topic: '',
    outcome: 'open',
    nextAction: '',
    nextActionOn: { date: null, error: null },
  };
}

export function draftFromEnquiry(e: EnquiryView): EnquiryDraft {
  return {
    id: e.id,
    contactName: e.contactName,
    contactNameKana: e.contactNameKana ?? '',
    phone: e.phone ?? '',
    email: e.email ?? '',
    channel: e.channel,
    receivedOn: { date: e.receivedOn, error: null },
    topic: e.topic,
    outcome: e.outcome,
    nextAction: e.nextAction ?? '',
    nextActionOn: { date: e.nextActionOn, error: null },
  };
}

/** What the form can tell before asking the core (which checks it all again). */
export function validateEnquiry(d: EnquiryDraft): FieldErrors {
  const errors: FieldErrors = {};
  if (!d.contactName.trim()) errors.contactName = 'validation.required';
  if (!d.topic.trim()) errors.topic = 'validation.required';
  if (d.receivedOn.error) errors.receivedOn = d.receivedOn.error;
  else if (!d.receivedOn.date) errors.receivedOn = 'validation.required';
  if (d.nextActionOn.error) errors.nextActionOn = d.nextActionOn.error;
  return errors;
}

export function enquiryInput(d: EnquiryDraft) {
  return {
    ...(d.id ? { id: d.id } : {}),
    contactName: d.contactName,
    contactNameKana: d.contactNameKana,
    phone: d.phone,
    email: d.email,
    channel: d.channel,
    receivedOn: d.receivedOn.date ?? '',
    topic: d.topic,
    outcome: d.outcome,
    nextAction: d.nextAction,
    nextActionOn: d.nextActionOn.date,
  };
}
