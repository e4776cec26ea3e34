import type { Programme, StayStatus } from '../../../../shared/domain/enums.ts';
import { NOTE_MAX } from '../../../../shared/domain/records.ts';
import type { StayView } from '../../../../shared/ipc/views.ts';
import { characterCount } from '../../../../shared/text/valid-text.ts';

/** What a DateInput reports: the ISO date, or the i18n key of why the text is not one. */
export interface DateValue {
  date: string | null;
  error: string | null;
}

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

/** Field path (as the core names it) → i18n key of the message. */
export type FieldErrors = Partial<Record<string, string>>;

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

/** A new stay: planned, with every member of the family coming unless unticked. */
export function newDraft(memberIds: string[]): StayDraft {
  return { ...emptyPlan, status: 'planned', actualArrival: noDate, actualDeparture: noDate, memberIds };
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

function checkDates(
  errors: FieldErrors,
  [arrivalField, arrival]: [string, DateValue],
  [departureField, departure]: [string, DateValue],
  required: { arrival?: string; departure?: string },
): void {
  if (arrival.error) errors[arrivalField] = arrival.error;
  else if (!arrival.date && required.arrival) errors[arrivalField] = required.arrival;
  if (departure.error) errors[departureField] = departure.error;
  else if (!departure.date && required.departure) errors[departureField] = required.departure;
  else if (arrival.date && departure.date && departure.date < arrival.date)
    errors[departureField] = 'validation.departureBeforeArrival';
}

/** The checks the form can make before asking the core (which checks them again). */
export function validatePlan(plan: StayPlan, prefix = ''): FieldErrors {
  const errors: FieldErrors = {};
  if (!plan.programme) errors[`${prefix}programme`] = 'validation.required';
  checkDates(
    errors,
    [`${prefix}plannedArrival`, plan.plannedArrival],
    [`${prefix}plannedDeparture`, plan.plannedDeparture],
    { arrival: 'validation.required', departure: 'validation.required' },
  );
  if (characterCount(plan.notes) > NOTE_MAX) errors[`${prefix}notes`] = 'validation.tooLong';
  return errors;
}

export function validateDraft(draft: StayDraft): FieldErrors {
  const errors = validatePlan(draft);
  const arrived = draft.status === 'in_town' || draft.status === 'completed';
  checkDates(errors, ['actualArrival', draft.actualArrival], ['actualDeparture', draft.actualDeparture], {
    ...(arrived ? { arrival: 'validation.actualArrivalRequired' } : {}),
    ...(draft.status === 'completed' ? { departure: 'validation.actualDepartureRequired' } : {}),
  });
  return errors;
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
