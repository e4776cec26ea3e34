import type { Relation } from '../../../../shared/domain/enums.ts';
import type { EnquiryView } from '../../../../shared/ipc/views.ts';
import {
  type DateValue,
  emptyPlan,
  type FieldErrors,
  noDate,
  planInput,
  type StayPlan,
  validatePlan,
} from '../stays/stay-draft.ts';
import { splitName } from './enquiry-draft.ts';

export interface FamilyDraft {
  familyName: string;
  familyNameKana: string;
  phone: string;
  email: string;
  homePrefecture: string;
  homeCity: string;
}

export interface MemberDraft {
  /** For React's list key only: rows can be removed from the middle. */
  key: number;
  givenName: string;
  givenNameKana: string;
  relation: Relation;
  birthDate: DateValue;
  grade: string;
}

export interface ConvertDraft {
  family: FamilyDraft;
  members: MemberDraft[];
  stay: StayPlan;
}

let nextKey = 0;
export function newMember(relation: Relation, givenName = '', givenNameKana = ''): MemberDraft {
  nextKey += 1;
  return { key: nextKey, givenName, givenNameKana, relation, birthDate: noDate, grade: '' };
}

/** Everything the enquiry already says, so nothing is typed twice: names, furigana, phone, e-mail. */
export function draftFromEnquiry(e: EnquiryView): ConvertDraft {
  const name = splitName(e.contactName);
  const kana = splitName(e.contactNameKana);
  return {
    family: {
      familyName: name.family,
      familyNameKana: kana.family,
      phone: e.phone ?? '',
      email: e.email ?? '',
      homePrefecture: '',
      homeCity: '',
    },
    members: [newMember('parent', name.given, kana.given)],
    stay: emptyPlan,
  };
}

/** Required fields and date texts; furigana, phone and e-mail formats are the core's to judge. */
export function validateConvert(d: ConvertDraft): FieldErrors {
  const errors: FieldErrors = validatePlan(d.stay, 'stay.');
  if (!d.family.familyName.trim()) errors['family.familyName'] = 'validation.required';
  if (!d.family.familyNameKana.trim()) errors['family.familyNameKana'] = 'validation.required';
  d.members.forEach((m, i) => {
    if (!m.givenName.trim()) errors[`members.${i}.givenName`] = 'validation.required';
    if (!m.givenNameKana.trim()) errors[`members.${i}.givenNameKana`] = 'validation.required';
    if (m.birthDate.error) errors[`members.${i}.birthDate`] = m.birthDate.error;
  });
  return errors;
}

export function convertInput(enquiryId: string, d: ConvertDraft) {
  return {
    enquiryId,
    family: { ...d.family },
    members: d.members.map((m) => ({
      givenName: m.givenName,
      givenNameKana: m.givenNameKana,
      relation: m.relation,
      birthDate: m.birthDate.date,
      grade: m.grade,
    })),
    stay: { ...planInput(d.stay), status: 'planned' as const },
  };
}
