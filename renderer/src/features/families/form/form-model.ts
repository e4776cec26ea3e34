import type { Relation } from '../../../../../shared/domain/enums.ts';
import { familyInput, memberInput } from '../../../../../shared/domain/records.ts';
import type { FamilyDetail, MemberView } from '../../../../../shared/ipc/views.ts';
import { formatPhone } from '../../../../../shared/text/contact.ts';
import { checkForm, type FieldErrors, fieldsIn, firstErrors } from '../../../lib/forms/form-model.ts';

/** What the family half of the form holds: the text as typed (the core normalises it). */
export interface FamilyValues {
  familyName: string;
  familyNameKana: string;
  homePostalCode: string;
  homePrefecture: string;
  homeCity: string;
  phone: string;
  email: string;
  emergencyContactName: string;
  emergencyContactPhone: string;
  referralSource: string;
  consentPhoto: boolean;
  consentShare: boolean;
  notes: string;
}

/** One member row. `key` identifies the row on screen; `id` is the stored member once there is one. */
export interface MemberRow {
  key: string;
  id: string | null;
  givenName: string;
  givenNameKana: string;
  relation: Relation;
  birthDate: string | null;
  /** Set while the birth date box holds text that is not a date. */
  birthDateError: string | null;
  grade: string;
  allergies: string;
  careNotes: string;
  /** Stored notes exist but have not been fetched (they are fetched on request, and each fetch is audited). */
  sensitiveHidden: boolean;
  removed: boolean;
}

/** Field errors as i18n keys: family fields by name, member fields as `member.<row key>.<field>`. */
export type FormErrors = FieldErrors;

export const memberErrorKey = (rowKey: string, field: string) => `member.${rowKey}.${field}`;

export const EMPTY_FAMILY: FamilyValues = {
  familyName: '',
  familyNameKana: '',
  homePostalCode: '',
  homePrefecture: '',
  homeCity: '',
  phone: '',
  email: '',
  emergencyContactName: '',
  emergencyContactPhone: '',
  referralSource: '',
  consentPhoto: false,
  consentShare: false,
  notes: '',
};

let nextKey = 0;
const rowKey = () => `row${++nextKey}`;

export function newMemberRow(relation: Relation): MemberRow {
  return {
    key: rowKey(),
    id: null,
    givenName: '',
    givenNameKana: '',
    relation,
    birthDate: null,
    birthDateError: null,
    grade: '',
    allergies: '',
    careNotes: '',
    sensitiveHidden: false,
    removed: false,
  };
}

/** Stored values shown the way they are read: 090-1234-5678, 891-5301. */
export function familyValuesFrom(f: FamilyDetail): FamilyValues {
  const code = f.homePostalCode;
  return {
    familyName: f.familyName,
    familyNameKana: f.familyNameKana,
    homePostalCode: code && /^\d{7}$/.test(code) ? `${code.slice(0, 3)}-${code.slice(3)}` : (code ?? ''),
    homePrefecture: f.homePrefecture ?? '',
    homeCity: f.homeCity ?? '',
    phone: f.phone ? formatPhone(f.phone) : '',
    email: f.email ?? '',
    emergencyContactName: f.emergencyContactName ?? '',
    emergencyContactPhone: f.emergencyContactPhone ? formatPhone(f.emergencyContactPhone) : '',
    referralSource: f.referralSource ?? '',
    consentPhoto: f.consentPhoto,
    consentShare: f.consentShare,
    notes: f.notes ?? '',
  };
}

export function memberRowFrom(m: MemberView): MemberRow {
  return {
    ...newMemberRow(m.relation),
    id: m.id,
    givenName: m.givenName,
    givenNameKana: m.givenNameKana,
    birthDate: m.birthDate,
    grade: m.grade ?? '',
    sensitiveHidden: m.hasSensitive,
  };
}

/** The members.save input for a row (without familyId); the notes only where the role may write them. */
export function memberInputFrom(row: MemberRow, withSensitive: boolean) {
  return {
    givenName: row.givenName,
    givenNameKana: row.givenNameKana,
    relation: row.relation,
    birthDate: row.birthDate,
    grade: row.grade,
    // Notes that were never revealed in the form are left out: the core then keeps what it has.
    ...(withSensitive && !row.sensitiveHidden ? { allergies: row.allergies, careNotes: row.careNotes } : {}),
  };
}

/** A new row nobody typed into: ignored, so an unused spare row neither blocks nor creates anything. */
export function isBlankNewRow(row: MemberRow): boolean {
  return (
    row.id === null &&
    !row.birthDate &&
    !row.birthDateError &&
    [row.givenName, row.givenNameKana, row.grade, row.allergies, row.careNotes].every((v) => v.trim() === '')
  );
}

/** A member row's fields the form shows: what a save compares, and where a refusal is placed. */
const MEMBER_FIELDS = [
  'givenName',
  'givenNameKana',
  'relation',
  'birthDate',
  'grade',
  'allergies',
  'careNotes',
] as const satisfies readonly (keyof MemberRow)[];

/** Whether saving this row would change anything stored. */
export function memberChanged(row: MemberRow, before: MemberRow | undefined): boolean {
  if (!before) return !row.removed && !isBlankNewRow(row);
  if (row.removed) return true;
  return MEMBER_FIELDS.some((f) => row[f] !== before[f]);
}

const memberFields = memberInput.omit({ familyId: true });

/** The family fields the form shows: an error about anything else (an id, say) goes above the form. */
export const placeFamily = fieldsIn(Object.keys(EMPTY_FAMILY));

const memberField = fieldsIn(MEMBER_FIELDS);

/** Where an error about a member's field is shown: on that field of the row. */
export const placeMember =
  (rowKey: string) =>
  (path: string): string | null => {
    const field = memberField(path);
    return field ? memberErrorKey(rowKey, field) : null;
  };

/**
 * A row's checks beside the schema: the birth date box's own complaint, and the core's rule (in its
 * member service) that nobody is born in the future — checked here too so the family is not saved first.
 */
export function memberRowChecks(row: MemberRow, today: string) {
  const dateKey = memberErrorKey(row.key, 'birthDate');
  return {
    typed: { [dateKey]: row.birthDateError },
    rules: row.birthDate && row.birthDate > today ? { [dateKey]: 'validation.birthDateFuture' as const } : {},
  };
}

/**
 * Checks the whole form with the same schemas the core uses, so a mistake in the third member is found
 * before the family is written: the core checks each call, but a family and its members are several
 * calls, and nothing should be half-saved because of a typo further down.
 */
export function validateForm(
  values: FamilyValues,
  members: MemberRow[],
  today: string,
  withSensitive: boolean,
): FormErrors {
  const rows = members.filter((row) => !row.removed && !isBlankNewRow(row));
  return firstErrors(
    checkForm({ schema: familyInput, input: values, place: placeFamily }),
    ...rows.map((row) =>
      checkForm({
        schema: memberFields,
        input: memberInputFrom(row, withSensitive),
        place: placeMember(row.key),
        ...memberRowChecks(row, today),
      }),
    ),
  );
}
