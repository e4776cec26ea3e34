import { useTranslation } from 'react-i18next';
import { RELATIONS, type Relation } from '../../../../shared/domain/enums.ts';
import { DateInput } from '../../lib/forms/DateInput.tsx';
import { Field } from '../../lib/forms/Field.tsx';
import type { FieldErrors } from '../stays/stay-draft.ts';
import { type MemberDraft, newMember } from './convert-draft.ts';

/** 家族構成: one row per person (the parent from the enquiry first), children added as needed. */
export function MemberRows({
  members,
  errors,
  onChange,
}: {
  members: MemberDraft[];
  errors: FieldErrors;
  onChange: (members: MemberDraft[], touched: string[]) => void;
}) {
  const { t } = useTranslation();
  const error = (i: number, field: string) => {
    const key = errors[`members.${i}.${field}`];
    return key ? t(key) : undefined;
  };
  const set = (i: number, next: Partial<MemberDraft>) =>
    onChange(
      members.map((m, j) => (j === i ? { ...m, ...next } : m)),
      Object.keys(next).map((field) => `members.${i}.${field}`),
    );
  // Removing a row renumbers the ones after it, so their errors no longer belong to them.
  const remove = (i: number) =>
    onChange(
      members.filter((_, j) => j !== i),
      Object.keys(errors).filter((field) => field.startsWith('members.')),
    );
  const add = (relation: Relation) => onChange([...members, newMember(relation)], []);

  return (
    <>
      {members.map((m, i) => (
        <div className="member-row" key={m.key}>
          <h3>
            {t('enquiry.convertPage.member', { n: i + 1 })}
            {members.length > 1 ? (
              <button
                type="button"
                className="small"
                aria-label={t('enquiry.convertPage.removeMember', { n: i + 1 })}
                onClick={() => remove(i)}
              >
                {t('enquiry.convertPage.remove')}
              </button>
            ) : null}
          </h3>
          <Field label={t('enquiry.convertPage.givenName')} error={error(i, 'givenName')} required>
            <input
              value={m.givenName}
              maxLength={50}
              onChange={(e) => set(i, { givenName: e.target.value })}
            />
          </Field>
          <Field label={t('enquiry.convertPage.givenNameKana')} error={error(i, 'givenNameKana')} required>
            <input
              value={m.givenNameKana}
              maxLength={100}
              onChange={(e) => set(i, { givenNameKana: e.target.value })}
            />
          </Field>
          <Field label={t('enquiry.convertPage.relation')} error={error(i, 'relation')}>
            <select value={m.relation} onChange={(e) => set(i, { relation: e.target.value as Relation })}>
              {RELATIONS.map((r) => (
                <option key={r} value={r}>
                  {t(`enquiry.convertPage.relations.${r}`)}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('enquiry.convertPage.birthDate')} error={error(i, 'birthDate')}>
            <DateInput value={m.birthDate.date} onChange={(v) => set(i, { birthDate: v })} />
          </Field>
          {m.relation === 'child' ? (
            <Field
              label={t('enquiry.convertPage.grade')}
              hint={t('enquiry.convertPage.gradeHint')}
              error={error(i, 'grade')}
            >
              <input value={m.grade} maxLength={30} onChange={(e) => set(i, { grade: e.target.value })} />
            </Field>
          ) : null}
        </div>
      ))}
      <div className="inline add-members">
        <button type="button" onClick={() => add('child')}>
          ＋ {t('enquiry.convertPage.addChild')}
        </button>
        <button type="button" onClick={() => add('other')}>
          ＋ {t('enquiry.convertPage.addOther')}
        </button>
      </div>
    </>
  );
}
