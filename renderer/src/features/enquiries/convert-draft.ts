import { japanDate } from '../../../../shared/domain/dates.ts';
import type { EnquiryView } from '../../../../shared/ipc/views.ts';
import { formatPhone } from '../../../../shared/text/contact.ts';
import { splitPersonName } from '../../../../shared/text/person-name.ts';
import {
  EMPTY_FAMILY,
  type FamilyValues,
  type FormErrors,
  isBlankNewRow,
  type MemberRow,
  memberInputFrom,
  newMemberRow,
  validateForm,
} from '../families/form/form-model.ts';
import { emptyPlan, planInput, type StayPlan, validatePlan } from '../stays/stay-draft.ts';

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

/** The family form's own checks, the stay plan's, and at least one member. */
export function validateConvert(
  d: ConvertDraft,
  withSensitive: boolean,
  today = japanDate(new Date()),
): FormErrors {
  const errors: FormErrors = {
    ...validateForm(d.family, d.members, today, withSensitive),
    ...(validatePlan(d.stay, 'stay.') as FormErrors),
  };
  if (membersToSave(d).length === 0) errors.form = 'enquiry.convertPage.needMember';
  return errors;
}

export function convertInput(enquiryId: string, d: ConvertDraft, withSensitive: boolean) {
  return {
    enquiryId,
    family: { ...d.family },
    members: membersToSave(d).map((m) => memberInputFrom(m, withSensitive)),
    stay: { ...planInput(d.stay), status: 'planned' as const },
  };
}
