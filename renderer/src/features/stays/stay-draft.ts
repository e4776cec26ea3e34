import { isCalendarDate } from '../../../../shared/domain/dates.ts';
import type { Programme, StayStatus } from '../../../../shared/domain/enums.ts';
import { staySave } from '../../../../shared/domain/records.ts';
import type { StayView } from '../../../../shared/ipc/views.ts';
import {
  checkForm,
  type DateValue,
  type FieldErrors,
  type FormCheck,
  fieldsIn,
} from '../../lib/forms/form-model.ts';

export type { DateValue, FieldErrors };

export const noDate: DateValue = { date: null, error: null };
const dateOf = (date: string | null): DateValue => ({ date, error: null });

/** The planning part of a stay, shared by the stay form and the enquiry conversion. */
export interface StayPlan {
  programme: Programme | '';
  plannedArrival: DateValue;
  plannedDeparture: DateValue;
  lodgingMode: 'property' | 'text';
  lodgingPropertyId: string | null;
  lodgingText: string;
  schoolName: string;
  notes: string;
}

export interface StayDraft extends StayPlan {
  status: StayStatus;
  actualArrival: DateValue;
  actualDeparture: DateValue;
  memberIds: string[];
}

export const emptyPlan: StayPlan = {
  programme: '',
  plannedArrival: noDate,
  plannedDeparture: noDate,
  lodgingMode: 'property',
  lodgingPropertyId: null,
  lodgingText: '',
  schoolName: '',
  notes: '',
};

/** What a link may fill in on a new stay: the house it lodges in and the planned arrival. */
export interface Prefill {
  lodgingPropertyId?: string;
  plannedArrival?: string;
}

/** The prefill carried in a new stay form's address (`?lodging=<property id>&arrival=YYYY-MM-DD`). */
export function prefillFrom(params: URLSearchParams): Prefill {
  const lodging = params.get('lodging');
  const arrival = params.get('arrival');
  return {
    ...(lodging && /^[0-9a-f-]{36}$/i.test(lodging) ? { lodgingPropertyId: lodging } : {}),
    ...(arrival && isCalendarDate(arrival) ? { plannedArrival: arrival } : {}),
  };
}

/** A new stay: planned, with every member of the family coming unless unticked. */
export function newDraft(memberIds: string[], prefill: Prefill = {}): StayDraft {
  return {
    ...emptyPlan,
    ...(prefill.lodgingPropertyId
      ? { lodgingMode: 'property', lodgingPropertyId: prefill.lodgingPropertyId }
      : {}),
    ...(prefill.plannedArrival ? { plannedArrival: dateOf(prefill.plannedArrival) } : {}),
    status: 'planned',
    actualArrival: noDate,
    actualDeparture: noDate,
    memberIds,
  };
}

export function draftFromStay(stay: StayView): StayDraft {
  return {
    programme: stay.programme,
    plannedArrival: dateOf(stay.plannedArrival),
    plannedDeparture: dateOf(stay.plannedDeparture),
    lodgingMode: stay.lodgingPropertyId || !stay.lodgingText ? 'property' : 'text',
    lodgingPropertyId: stay.lodgingPropertyId,
    lodgingText: stay.lodgingText ?? '',
    schoolName: stay.schoolName ?? '',
    notes: stay.notes ?? '',
    status: stay.status,
    actualArrival: dateOf(stay.actualArrival),
    actualDeparture: dateOf(stay.actualDeparture),
    memberIds: stay.members.map((m) => m.memberId),
  };
}

/**
 * The statuses a stay may take from `saved` (null for a new stay): forward only, planned → in town →
 * completed, or cancelled before it is over. A new stay may also be recorded after the fact.
 */
export function reachableStatuses(saved: StayStatus | null): StayStatus[] {
  switch (saved) {
    case null:
      return ['planned', 'in_town', 'completed'];
    case 'planned':
      return ['planned', 'in_town', 'cancelled'];
    case 'in_town':
      return ['in_town', 'completed', 'cancelled'];
    default:
      return [saved];
  }
}

/**
 * Moving to a status fills in what it implies: arriving sets the actual arrival (today unless already
 * known), leaving sets the actual departure; going back to 予定 forgets the actual dates.
 */
export function withStatus(draft: StayDraft, status: StayStatus, today: string): StayDraft {
  const next = { ...draft, status };
  if (status === 'planned') return { ...next, actualArrival: noDate, actualDeparture: noDate };
  if (status === 'in_town')
    return {
      ...next,
      actualArrival: draft.actualArrival.date ? draft.actualArrival : dateOf(today),
      actualDeparture: noDate,
    };
  if (status === 'completed' && !draft.actualDeparture.date)
    return { ...next, actualDeparture: dateOf(today) };
  return next;
}

/** Arrival and departure as the core counts them: actual when known, else planned. */
export function effectiveDates(
  draft: StayPlan & Partial<StayDraft>,
): { arrival: string; departure: string } | null {
  const arrival = draft.actualArrival?.date ?? draft.plannedArrival.date;
  const departure = draft.actualDeparture?.date ?? draft.plannedDeparture.date;
  return arrival && departure && departure >= arrival ? { arrival, departure } : null;
}

/**
 * What a stay plan's date boxes say of their own text, and what it must have, by field (`prefix` is
 * where the plan sits in the call: `stay.` in the enquiry conversion).
 */
export function planChecks(plan: StayPlan, prefix = ''): Pick<FormCheck, 'typed' | 'required'> {
  return {
    typed: {
      [`${prefix}plannedArrival`]: plan.plannedArrival.error,
      [`${prefix}plannedDeparture`]: plan.plannedDeparture.error,
    },
    required: {
      [`${prefix}programme`]: plan.programme,
      [`${prefix}plannedArrival`]: plan.plannedArrival.date,
      [`${prefix}plannedDeparture`]: plan.plannedDeparture.date,
    },
  };
}

/** The fields the stay form shows; the core's refusal of any other goes above the form. */
export const placeStay = fieldsIn([
  'programme',
  'plannedArrival',
  'plannedDeparture',
  'actualArrival',
  'actualDeparture',
  'lodgingPropertyId',
  'lodgingText',
  'memberIds',
  'schoolName',
  'notes',
]);

/** The stays.save input: the whole form (the core writes only what changed). */
export function stayInput(draft: StayDraft, familyId: string, stayId: string | null) {
  return {
    ...(stayId ? { id: stayId } : {}),
    familyId,
    ...planInput(draft),
    status: draft.status,
    actualArrival: draft.actualArrival.date,
    actualDeparture: draft.actualDeparture.date,
    memberIds: draft.memberIds,
  };
}

/** The check before 保存: the core's own schema for stays.save, on what will be sent. */
export function checkStay(draft: StayDraft, familyId: string, stayId: string | null): FieldErrors {
  const plan = planChecks(draft);
  return checkForm({
    schema: staySave,
    input: stayInput(draft, familyId, stayId),
    place: placeStay,
    typed: {
      ...plan.typed,
      actualArrival: draft.actualArrival.error,
      actualDeparture: draft.actualDeparture.error,
    },
    required: plan.required,
  });
}

/** The lodging and text fields as the core's schemas take them. */
export function planInput(plan: StayPlan) {
  return {
    programme: plan.programme as Programme,
    plannedArrival: plan.plannedArrival.date ?? '',
    plannedDeparture: plan.plannedDeparture.date ?? '',
    lodgingPropertyId: plan.lodgingMode === 'property' ? plan.lodgingPropertyId : null,
    lodgingText: plan.lodgingMode === 'text' ? plan.lodgingText : null,
    schoolName: plan.schoolName,
    notes: plan.notes,
  };
}

/** Nights from arrival to departure, or null while either is missing or they are reversed. */
export function nightsOf(arrival: string | null, departure: string | null): number | null {
  if (!arrival || !departure || departure < arrival) return null;
  return Math.round((Date.parse(departure) - Date.parse(arrival)) / 86_400_000);
}
