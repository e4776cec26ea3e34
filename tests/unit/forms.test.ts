import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { placeConvert, validateConvert } from '../../renderer/src/features/enquiries/convert-draft.ts';
import { checkEnquiry, newEnquiry } from '../../renderer/src/features/enquiries/enquiry-draft.ts';
import {
  EMPTY_FAMILY,
  type MemberRow,
  memberErrorKey,
  newMemberRow,
  placeFamily,
  validateForm,
} from '../../renderer/src/features/families/form/form-model.ts';
import { checkStay, newDraft, type StayDraft } from '../../renderer/src/features/stays/stay-draft.ts';
import { resources } from '../../renderer/src/i18n/resources.ts';
import { ApiError } from '../../renderer/src/lib/api-error.ts';
import {
  checkForm,
  type FieldErrors,
  FORM,
  fieldsIn,
  serverErrors,
  validationKey,
} from '../../renderer/src/lib/forms/form-model.ts';
import { enquirySave, familyInput } from '../../shared/domain/records.ts';

// The form model checked against the real shared schemas: what the form says before a call is what
// the core would say of the same input, on the same field, in words the dictionaries have.

const TODAY = '2026-12-04';
const FAMILY_ID = '0b0b5d6e-1b1c-4c4f-9e0e-000000000001';
const MEMBER_ID = '0b0b5d6e-1b1c-4c4f-9e0e-000000000002';
const ENQUIRY_ID = '0b0b5d6e-1b1c-4c4f-9e0e-000000000003';

const date = (d: string | null, error: string | null = null) => ({ date: d, error });

function plannedStay(patch: Partial<StayDraft> = {}): StayDraft {
  return {
    ...newDraft([MEMBER_ID]),
    programme: 'nursery_stay',
    plannedArrival: date('2026-12-10'),
    plannedDeparture: date('2026-12-20'),
    ...patch,
  };
}

function member(patch: Partial<MemberRow>): MemberRow {
  return { ...newMemberRow('child'), givenName: '花子', givenNameKana: 'はなこ', ...patch };
}

/** Every error is a key the Japanese dictionary has text for (i18next returns the key when it has none). */
async function japaneseOf(errors: FieldErrors): Promise<Record<string, string>> {
  const i18n = i18next.createInstance();
  await i18n.init({ resources, lng: 'ja', defaultNS: 'common', ns: Object.keys(resources.ja) });
  const shown: Record<string, string> = {};
  for (const [field, key] of Object.entries(errors)) {
    const text = i18n.t(key as string);
    expect(text, key).not.toBe(key);
    expect(text, key).not.toContain('validation.');
    shown[field] = text;
  }
  return shown;
}

describe('the form model against the shared schemas', () => {
  it('maps a schema message to its dictionary key, and anything unknown to "check your input"', () => {
    expect(validationKey('validation.kana')).toBe('validation.kana');
    expect(validationKey('validation.noSuchRule')).toBe('validation.invalid');
    expect(validationKey('Invalid input')).toBe('validation.invalid');
    expect(validationKey(undefined)).toBe('validation.invalid');
  });

  it('puts each zod issue on its field, the first per field, and an unshown field above the form', async () => {
    const errors = checkForm({
      schema: familyInput,
      input: { ...EMPTY_FAMILY, familyNameKana: 'Yamada', phone: '12', email: 'nope', notes: 'x' },
      place: fieldsIn(['familyName', 'familyNameKana', 'phone']),
    });
    expect(errors).toEqual({
      familyName: 'validation.required',
      familyNameKana: 'validation.kana',
      phone: 'validation.phone',
      // The e-mail field is not shown by this (made-up) form: the message goes to the top.
      [FORM]: 'validation.email',
    });
    expect(await japaneseOf(errors)).toMatchObject({
      familyName: '入力してください',
      familyNameKana: 'ひらがな・カタカナで入力してください',
    });
  });

  it('asks first for a date box’s own text, then for what is required, then the schema', () => {
    const d = {
      ...newEnquiry(TODAY),
      contactName: ' ',
      topic: '見学したい',
      receivedOn: date(null),
      nextActionOn: date(null, 'validation.outsideEra'),
    };
    expect(checkEnquiry(d)).toEqual({
      contactName: 'validation.required',
      // Empty: "required", not the schema's "not a date".
      receivedOn: 'validation.required',
      nextActionOn: 'validation.outsideEra',
    });
    expect(checkEnquiry({ ...d, contactName: '山田', nextActionOn: date(null) })).toEqual({
      receivedOn: 'validation.required',
    });
    expect(
      checkEnquiry({ ...d, contactName: '山田', receivedOn: date(TODAY), nextActionOn: date(null) }),
    ).toEqual({});
    // The form checks exactly what the core parses.
    expect(enquirySave.safeParse({ contactName: '山田' }).success).toBe(false);
  });

  it('checks a stay with the stays.save schema: required fields, then the schema’s cross-field rules', async () => {
    const empty = newDraft([MEMBER_ID]);
    expect(checkStay(empty, FAMILY_ID, null)).toEqual({
      programme: 'validation.required',
      plannedArrival: 'validation.required',
      plannedDeparture: 'validation.required',
    });
    expect(checkStay(plannedStay(), FAMILY_ID, null)).toEqual({});
    const reversed = checkStay(plannedStay({ plannedDeparture: date('2026-12-01') }), FAMILY_ID, null);
    expect(reversed).toEqual({ plannedDeparture: 'validation.departureBeforeArrival' });
    expect(await japaneseOf(reversed)).toEqual({ plannedDeparture: '出発日が到着日より前になっています' });
    expect(
      checkStay(plannedStay({ status: 'completed', actualArrival: date('2026-12-10') }), FAMILY_ID, null),
    ).toEqual({ actualDeparture: 'validation.actualDepartureRequired' });
    expect(checkStay(plannedStay({ notes: 'あ'.repeat(200_000) }), FAMILY_ID, null)).toEqual({
      notes: 'validation.tooLong',
    });
  });

  it('checks the family and each typed member row, skipping spare rows, with the core’s birth-date rule', () => {
    const spare = newMemberRow('child');
    const bad = member({ givenNameKana: 'Hanako' });
    const future = member({ birthDate: '2027-01-01' });
    const typo = member({ birthDateError: 'validation.japaneseDate' });
    const errors = validateForm(
      { ...EMPTY_FAMILY, familyName: '山田', familyNameKana: 'やまだ' },
      [spare, bad, future, typo, { ...member({ givenName: '' }), removed: true }],
      TODAY,
      true,
    );
    expect(errors).toEqual({
      [memberErrorKey(bad.key, 'givenNameKana')]: 'validation.kana',
      [memberErrorKey(future.key, 'birthDate')]: 'validation.birthDateFuture',
      [memberErrorKey(typo.key, 'birthDate')]: 'validation.japaneseDate',
    });
  });

  it('checks an enquiry conversion with enquiries.convert, naming rows by their key', () => {
    const parent = member({ givenName: '', givenNameKana: 'たろう' });
    const draft = {
      family: { ...EMPTY_FAMILY, familyName: '山田', familyNameKana: 'やまだ' },
      members: [newMemberRow('child'), parent],
      stay: { ...plannedStay(), plannedDeparture: date('2026-12-01') },
      nameGuessed: false,
    };
    // The stay's own rule runs beside a member's mistake: the two parts are checked separately.
    expect(validateConvert(ENQUIRY_ID, draft, false, TODAY)).toEqual({
      [memberErrorKey(parent.key, 'givenName')]: 'validation.required',
      'stay.plannedDeparture': 'validation.departureBeforeArrival',
    });
    const named = { ...draft, members: [member({})] };
    expect(validateConvert(ENQUIRY_ID, { ...named, stay: plannedStay() }, false, TODAY)).toEqual({});
    expect(
      validateConvert(ENQUIRY_ID, { ...named, members: [newMemberRow('parent')] }, false, TODAY),
    ).toEqual({
      [FORM]: 'enquiries:convertPage.needMember',
      'stay.plannedDeparture': 'validation.departureBeforeArrival',
    });
  });
});

describe('the core’s refusals on the form', () => {
  const refused = (
    message: string,
    field?: string,
    code: 'VALIDATION_FAILED' | 'FAMILY_ERASED' = 'VALIDATION_FAILED',
  ) => new ApiError({ code, message, ...(field ? { field } : {}) });

  it('shows a VALIDATION_FAILED answer on the field it names', async () => {
    const errors = serverErrors(refused('validation.phone', 'phone'), placeFamily);
    expect(errors).toEqual({ phone: 'validation.phone' });
    expect(await japaneseOf(errors)).toEqual({
      phone: '電話番号の形式が正しくありません（例：090-1234-5678）',
    });
  });

  it('names a member by its place in the call', () => {
    const rows = [member({}), member({})];
    const place = placeConvert(rows);
    expect(serverErrors(refused('validation.kana', 'members.1.givenNameKana'), place)).toEqual({
      [memberErrorKey((rows[1] as MemberRow).key, 'givenNameKana')]: 'validation.kana',
    });
    expect(serverErrors(refused('validation.date', 'stay.plannedArrival'), place)).toEqual({
      'stay.plannedArrival': 'validation.date',
    });
    expect(serverErrors(refused('validation.email', 'family.email'), place)).toEqual({
      email: 'validation.email',
    });
  });

  it('puts an unshown field, another code or a failure that is no answer above the form', async () => {
    const place = fieldsIn(['note']);
    expect(serverErrors(refused('validation.id', 'stayId'), place)).toEqual({ [FORM]: 'validation.id' });
    expect(serverErrors(refused('validation.whatever', 'note'), place)).toEqual({
      note: 'validation.invalid',
    });
    const erased = serverErrors(refused('family erased', undefined, 'FAMILY_ERASED'), place);
    expect(erased).toEqual({ [FORM]: 'errors.FAMILY_ERASED' });
    expect(serverErrors(new Error('boom'), place)).toEqual({ [FORM]: 'errors.INTERNAL' });
    await japaneseOf(erased);
  });
});
