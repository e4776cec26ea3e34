import type { EnquiryChannel, EnquiryOutcome } from '../../../../shared/domain/enums.ts';
import { enquirySave } from '../../../../shared/domain/records.ts';
import type { EnquiryView } from '../../../../shared/ipc/views.ts';
import { checkForm, type DateValue, type FieldErrors, fieldsIn } from '../../lib/forms/form-model.ts';

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

/** The fields the form shows; the core's refusal of any other goes above the form. */
export const placeEnquiry = fieldsIn([
  'contactName',
  'contactNameKana',
  'phone',
  'email',
  'channel',
  'receivedOn',
  'topic',
  'outcome',
  'nextAction',
  'nextActionOn',
]);

/** The check before 保存: the core's own schema for enquiries.save, on what will be sent. */
export function checkEnquiry(d: EnquiryDraft): FieldErrors {
  return checkForm({
    schema: enquirySave,
    input: enquiryInput(d),
    place: placeEnquiry,
    typed: { receivedOn: d.receivedOn.error, nextActionOn: d.nextActionOn.error },
    required: { receivedOn: d.receivedOn.date },
  });
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
