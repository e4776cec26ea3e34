import { japanDate } from '../../../../shared/domain/dates.ts';
import { enquiryConvert } from '../../../../shared/domain/records.ts';
import type { EnquiryView } from '../../../../shared/ipc/views.ts';
import { formatPhone } from '../../../../shared/text/contact.ts';
import { splitPersonName } from '../../../../shared/text/person-name.ts';
import { checkForm, type FieldErrors, FORM, firstErrors, type Place } from '../../lib/forms/form-model.ts';
import {
  EMPTY_FAMILY,
  type FamilyValues,
  isBlankNewRow,
  type MemberRow,
  memberErrorKey,
  memberInputFrom,
  memberRowChecks,
  newMemberRow,
  placeFamily,
} from '../families/form/form-model.ts';
import { emptyPlan, planChecks, planInput, type StayPlan } from '../stays/stay-draft.ts';

/**
 * 家族として登録 holds exactly what 家族を登録 holds — the same family values and member rows, checked
 * by the same schemas — plus the planned stay. Only the starting values differ: they come from the
 * enquiry.
 */
export interface ConvertDraft {
  family: FamilyValues;
  members: MemberRow[];
  stay: StayPlan;
  /** The contact's name had no space and was split by guess: the form asks to check it. */
  nameGuessed: boolean;
}

/** Everything the enquiry already says, so nothing is typed twice: names, furigana, phone, e-mail. */
export function draftFromEnquiry(e: EnquiryView): ConvertDraft {
  const split = splitPersonName(e.contactName, e.contactNameKana);
  const parent: MemberRow = {
    ...newMemberRow('parent'),
    givenName: split.name.given,
    givenNameKana: split.kana.given,
  };
  return {
    family: {
      ...EMPTY_FAMILY,
      familyName: split.name.family,
      familyNameKana: split.kana.family,
      phone: e.phone ? formatPhone(e.phone) : '',
      email: e.email ?? '',
    },
    members: [parent],
    stay: emptyPlan,
    nameGuessed: split.name.guessed || split.kana.guessed,
  };
}

/** The rows that will be written: not removed, not a spare row nobody typed into. */
export function membersToSave(d: ConvertDraft): MemberRow[] {
  return d.members.filter((m) => !m.removed && !isBlankNewRow(m));
}

/**
 * Where an error about the call's path is shown, in the family form's own keys: `family.x` on the
 * family field x, `members.N.x` on the N-th member that is sent, `stay.x` on the stay plan.
 */
export function placeConvert(sent: MemberRow[]): Place {
  return (path) => {
    const parts = path.split('.');
    if (parts[0] === 'family') return placeFamily(parts.slice(1).join('.'));
    if (parts[0] === 'members') {
      const row = sent[Number(parts[1])];
      return row && parts[2] ? memberErrorKey(row.key, parts[2]) : null;
    }
    return parts[0] === 'stay' && parts[1] ? `stay.${parts[1]}` : null;
  };
}

/**
 * The check before 登録: the core's own schema for enquiries.convert on what will be sent (the family,
 * each member, the stay plan), with the family form's row checks and at least one member.
 */
export function validateConvert(
  enquiryId: string,
  d: ConvertDraft,
  withSensitive: boolean,
  today = japanDate(new Date()),
): FieldErrors {
  const sent = membersToSave(d);
  const plan = planChecks(d.stay, 'stay.');
  const rows = sent.map((row) => memberRowChecks(row, today));
  return firstErrors(
    sent.length === 0 ? { [FORM]: 'enquiries:convertPage.needMember' } : {},
    checkForm({
      schema: enquiryConvert,
      input: convertInput(enquiryId, d, withSensitive),
      place: placeConvert(sent),
      typed: Object.assign({}, plan.typed, ...rows.map((r) => r.typed)),
      required: plan.required,
      rules: Object.assign({}, ...rows.map((r) => r.rules)),
    }),
  );
}

export function convertInput(enquiryId: string, d: ConvertDraft, withSensitive: boolean) {
  return {
    enquiryId,
    family: { ...d.family },
    members: membersToSave(d).map((m) => memberInputFrom(m, withSensitive)),
    stay: { ...planInput(d.stay), status: 'planned' as const },
  };
}
