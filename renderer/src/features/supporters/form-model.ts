import type { ContactChannel, SupporterConnection } from '../../../../shared/domain/enums.ts';
import { supporterInput } from '../../../../shared/domain/inputs/events.ts';
import type { SupporterContact, SupporterView } from '../../../../shared/ipc/views/community-events.ts';
import { formatPhone } from '../../../../shared/text/contact.ts';
import { checkForm, type FieldErrors, fieldsIn } from '../../lib/forms/form-model.ts';

/** What the supporter form holds: the text as typed (the core normalises phone, e-mail and kana). */
export interface SupporterValues {
  name: string;
  nameKana: string;
  homePrefecture: string;
  homeCity: string;
  phone: string;
  email: string;
  connections: SupporterConnection[];
  connectionOther: string;
  firstConnectedOn: string | null;
  /** Set while the date box holds text that is not a date. */
  firstConnectedError: string | null;
  contactConsent: boolean;
  contactChannels: ContactChannel[];
  note: string;
}

export const EMPTY_SUPPORTER: SupporterValues = {
  name: '',
  nameKana: '',
  homePrefecture: '',
  homeCity: '',
  phone: '',
  email: '',
  connections: [],
  connectionOther: '',
  firstConnectedOn: null,
  firstConnectedError: null,
  contactConsent: false,
  contactChannels: [],
  note: '',
};

/** Stored values shown the way they are read (090-1234-5678). */
export function valuesFrom(s: SupporterView, contact: SupporterContact): SupporterValues {
  return {
    name: s.name,
    nameKana: s.nameKana ?? '',
    homePrefecture: s.homePrefecture ?? '',
    homeCity: s.homeCity ?? '',
    phone: contact.phone ? formatPhone(contact.phone) : '',
    email: contact.email ?? '',
    connections: s.connections,
    connectionOther: s.connectionOther ?? '',
    firstConnectedOn: s.firstConnectedOn,
    firstConnectedError: null,
    contactConsent: s.contactConsent,
    contactChannels: s.contactChannels,
    note: contact.note ?? '',
  };
}

const orNull = (v: string) => (v.trim() === '' ? null : v);

/** The supporters.save input, exactly as sent. Channels go when consent goes: never a way to reach a no. */
export function inputFrom(v: SupporterValues, id: string | undefined, notADuplicate: boolean) {
  return {
    ...(id ? { id } : {}),
    name: v.name,
    nameKana: orNull(v.nameKana),
    homePrefecture: orNull(v.homePrefecture),
    homeCity: orNull(v.homeCity),
    phone: orNull(v.phone),
    email: orNull(v.email),
    connections: v.connections,
    connectionOther: v.connections.includes('other') ? orNull(v.connectionOther) : null,
    firstConnectedOn: v.firstConnectedOn,
    contactConsent: v.contactConsent,
    contactChannels: v.contactConsent ? v.contactChannels : [],
    note: orNull(v.note),
    notADuplicate,
  };
}

export const FIELDS = [
  'name',
  'nameKana',
  'homePrefecture',
  'homeCity',
  'phone',
  'email',
  'connections',
  'connectionOther',
  'firstConnectedOn',
  'contactChannels',
  'note',
] as const;
export const placeField = fieldsIn(FIELDS);

/** The core's own schema, before anything is sent. */
export function checkSupporter(v: SupporterValues): FieldErrors {
  return checkForm({
    schema: supporterInput,
    input: inputFrom(v, undefined, false),
    place: placeField,
    typed: { firstConnectedOn: v.firstConnectedError },
    required: { name: v.name },
  });
}
