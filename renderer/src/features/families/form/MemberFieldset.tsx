import { useId } from 'react';
import { RELATIONS, type Relation } from '../../../../../shared/domain/enums.ts';
import { useT } from '../../../i18n/use-t.ts';
import { DateInput } from '../../../lib/forms/DateInput.tsx';
import { Field } from '../../../lib/forms/Field.tsx';
import { type FormErrors, type MemberRow, memberErrorKey } from './form-model.ts';

const GRADE_KEYS = [
  'age0',
  'age1',
  'age2',
  'nenshou',
  'nenchuu',
  'nenchou',
  'es1',
  'es2',
  'es3',
  'es4',
  'es5',
  'es6',
] as const;

/** One person of the family; the notes fields only for roles that may read them. */
export function MemberFieldset({
  row,
  number,
  errors,
  withSensitive,
  onChange,
  onRemove,
  onRestore,
  onRevealNotes,
}: {
  row: MemberRow;
  /** 1-based position among the rows not marked for removal. */
  number: number;
  errors: FormErrors;
  withSensitive: boolean;
  onChange: (patch: Partial<MemberRow>) => void;
  onRemove: () => void;
  onRestore: () => void;
  onRevealNotes: () => void;
}) {
  const { t } = useT();
  const id = useId();
  const error = (field: string) => {
    const key = errors[memberErrorKey(row.key, field)];
    return key ? t(key) : null;
  };
  const legend = t('families:form.memberLegend', { n: number });

  if (row.removed) {
    return (
      <fieldset className="fam-member removed">
        <legend>{t('families:form.removedLegend', { name: row.givenName })}</legend>
        <p>
          {t('families:form.memberWillBeRemoved', { name: row.givenName })}{' '}
          <button type="button" className="small" onClick={onRestore}>
            {t('families:form.keepMember')}
          </button>
        </p>
      </fieldset>
    );
  }

  return (
    <fieldset className="fam-member">
      <legend>{row.givenName ? `${legend}：${row.givenName}` : legend}</legend>
      <div className="fam-form-grid member">
        <Field label={t('families:fields.relation')} error={error('relation')}>
          <select value={row.relation} onChange={(e) => onChange({ relation: e.target.value as Relation })}>
            {RELATIONS.map((r) => (
              <option key={r} value={r}>
                {t(`families:relation.${r}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('families:fields.givenName')} required error={error('givenName')}>
          <input
            value={row.givenName}
            onChange={(e) => onChange({ givenName: e.target.value })}
            maxLength={50}
            autoComplete="off"
          />
        </Field>
        <Field label={t('families:fields.givenNameKana')} required error={error('givenNameKana')}>
          <input
            value={row.givenNameKana}
            onChange={(e) => onChange({ givenNameKana: e.target.value })}
            autoComplete="off"
          />
        </Field>
        <Field
          label={t('families:fields.birthDate')}
          hint={t('families:form.birthDateHint')}
          error={error('birthDate')}
        >
          <DateInput
            value={row.birthDate}
            onChange={(r) => onChange({ birthDate: r.date, birthDateError: r.error })}
          />
        </Field>
        <Field label={t('families:fields.grade')} error={error('grade')}>
          <input
            value={row.grade}
            onChange={(e) => onChange({ grade: e.target.value })}
            list={`${id}-grades`}
            maxLength={30}
          />
        </Field>
      </div>
      <datalist id={`${id}-grades`}>
        {GRADE_KEYS.map((g) => (
          <option key={g} value={t(`families:grades.${g}`)} />
        ))}
      </datalist>
      {withSensitive ? (
        row.sensitiveHidden ? (
          <p className="fam-sensitive-hidden">
            {t('families:form.notesHidden')}{' '}
            <button type="button" className="small" onClick={onRevealNotes}>
              {t('families:form.revealNotes')}
            </button>
          </p>
        ) : (
          <div className="fam-form-grid">
            <Field label={t('families:fields.allergies')} error={error('allergies')}>
              <textarea
                value={row.allergies}
                onChange={(e) => onChange({ allergies: e.target.value })}
                rows={2}
              />
            </Field>
            <Field label={t('families:fields.careNotes')} error={error('careNotes')}>
              <textarea
                value={row.careNotes}
                onChange={(e) => onChange({ careNotes: e.target.value })}
                rows={2}
              />
            </Field>
          </div>
        )
      ) : null}
      <button
        type="button"
        className="small fam-remove"
        onClick={onRemove}
        aria-label={t('families:form.removeMemberNamed', { name: row.givenName || legend })}
      >
        {t('families:form.removeMember')}
      </button>
    </fieldset>
  );
}
