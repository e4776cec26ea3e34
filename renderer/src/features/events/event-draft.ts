import type { EventKind, EventPlaceKind } from '../../../../shared/domain/enums.ts';
import { eventInput } from '../../../../shared/domain/inputs/events.ts';
import type { EventView } from '../../../../shared/ipc/views/community-events.ts';
import { checkForm, type FieldErrors, fieldsIn } from '../../lib/forms/form-model.ts';
import { japanInstant, japanTime } from './event-format.ts';

/** The event form's values: what the boxes hold (dates as ISO dates or a typed error). */
export interface EventDraft {
  id: string | null;
  title: string;
  kind: EventKind;
  kindLabel: string;
  startsOn: string | null;
  startsOnError: string | null;
  startsTime: string;
  endsOn: string | null;
  endsOnError: string | null;
  endsTime: string;
  placeKind: EventPlaceKind;
  place: string;
  placePropertyId: string;
  onlineUrl: string;
  capacity: string;
  conditions: string;
  applicationOpensOn: string | null;
  applicationOpensOnError: string | null;
  applicationClosesOn: string | null;
  applicationClosesOnError: string | null;
  feeYen: string;
  feeNote: string;
  organiser: string;
  partners: string;
  description: string;
}

export function newEventDraft(): EventDraft {
  return {
    id: null,
    title: '',
    kind: 'experience',
    kindLabel: '',
    startsOn: null,
    startsOnError: null,
    startsTime: '10:00',
    endsOn: null,
    endsOnError: null,
    endsTime: '16:00',
    placeKind: 'in_town',
    place: '',
    placePropertyId: '',
    onlineUrl: '',
    capacity: '',
    conditions: '',
    applicationOpensOn: null,
    applicationOpensOnError: null,
    applicationClosesOn: null,
    applicationClosesOnError: null,
    feeYen: '',
    feeNote: '',
    organiser: '',
    partners: '',
    description: '',
  };
}

export function draftFromEvent(e: EventView): EventDraft {
  return {
    ...newEventDraft(),
    id: e.id,
    title: e.title,
    kind: e.kind,
    kindLabel: e.kindLabel ?? '',
    startsOn: e.startsOn,
    startsTime: japanTime(e.startsAt),
    endsOn: e.endsOn,
    endsTime: japanTime(e.endsAt),
    placeKind: e.placeKind ?? 'in_town',
    place: e.place ?? '',
    placePropertyId: e.placePropertyId ?? '',
    onlineUrl: e.onlineUrl ?? '',
    capacity: e.capacity === null ? '' : String(e.capacity),
    conditions: e.conditions ?? '',
    applicationOpensOn: e.applicationOpensOn,
    applicationClosesOn: e.applicationClosesOn,
    feeYen: e.feeYen === null ? '' : String(e.feeYen),
    feeNote: e.feeNote ?? '',
    organiser: e.organiser ?? '',
    partners: e.partners ?? '',
    description: e.description ?? '',
  };
}

const text = (v: string) => (v.trim() === '' ? null : v.trim());
/** A number box: empty is null; anything else is sent as typed (a word stays a word for the schema to refuse). */
const count = (v: string): number | null => {
  const s = v.normalize('NFKC').trim();
  if (s === '') return null;
  return /^-?\d+$/.test(s) ? Number(s) : Number.NaN;
};

/** The `events.save` input, exactly as it is sent. Only the place fields of the chosen kind go. */
export function eventSaveInput(d: EventDraft) {
  return {
    ...(d.id ? { id: d.id } : {}),
    title: d.title,
    kind: d.kind,
    kindLabel: d.kind === 'other' ? text(d.kindLabel) : null,
    startsAt: d.startsOn ? japanInstant(d.startsOn, d.startsTime) : '',
    endsAt: d.endsOn ? japanInstant(d.endsOn, d.endsTime) : '',
    placeKind: d.placeKind,
    place: d.placeKind === 'online' ? null : text(d.place),
    placePropertyId: d.placeKind === 'in_town' && d.placePropertyId ? d.placePropertyId : null,
    onlineUrl: d.placeKind === 'online' ? text(d.onlineUrl) : null,
    capacity: count(d.capacity),
    conditions: text(d.conditions),
    applicationOpensOn: d.applicationOpensOn,
    applicationClosesOn: d.applicationClosesOn,
    feeYen: count(d.feeYen),
    feeNote: text(d.feeNote),
    organiser: text(d.organiser),
    partners: text(d.partners),
    description: text(d.description),
  };
}

/** Where the core's (and the schema's) complaints are shown: the form's field names. */
const FIELD_OF: Record<string, string> = { startsAt: 'startsOn', endsAt: 'endsOn' };
const shown = fieldsIn([
  'title',
  'kind',
  'kindLabel',
  'startsOn',
  'endsOn',
  'placeKind',
  'place',
  'placePropertyId',
  'onlineUrl',
  'capacity',
  'conditions',
  'applicationOpensOn',
  'applicationClosesOn',
  'feeYen',
  'feeNote',
  'organiser',
  'partners',
  'description',
]);
export const placeEvent = (path: string) => shown(FIELD_OF[path.split('.')[0] ?? ''] ?? path);

export function checkEvent(d: EventDraft): FieldErrors {
  return checkForm({
    schema: eventInput,
    input: eventSaveInput(d),
    place: placeEvent,
    typed: {
      startsOn: d.startsOnError,
      endsOn: d.endsOnError,
      applicationOpensOn: d.applicationOpensOnError,
      applicationClosesOn: d.applicationClosesOnError,
    },
    required: { title: d.title, startsOn: d.startsOn, endsOn: d.endsOn },
  });
}
