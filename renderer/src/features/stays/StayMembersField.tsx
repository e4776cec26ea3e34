import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { MemberView } from '../../../../shared/ipc/views.ts';

/** 来訪する方: which of the family come on this stay (the board lists its children). */
export function StayMembersField({
  members,
  selected,
  onChange,
  error,
}: {
  members: MemberView[];
  selected: string[];
  onChange: (memberIds: string[]) => void;
  error?: string | undefined;
}) {
  const { t } = useTranslation();
  const id = useId();
  const toggle = (memberId: string, on: boolean) =>
    onChange(on ? [...selected, memberId] : selected.filter((m) => m !== memberId));
  return (
    <fieldset className="member-checks" aria-describedby={`${id}-hint`}>
      <legend>{t('stayForm.members')}</legend>
      {members.length === 0 ? <p className="muted">{t('stayForm.noMembers')}</p> : null}
      {members.map((m) => (
        <label key={m.id} className="check">
          <input
            type="checkbox"
            checked={selected.includes(m.id)}
            onChange={(e) => toggle(m.id, e.target.checked)}
          />
          {m.givenName}
          <span className="muted">{t('common.paren', { text: t(`stayForm.relation.${m.relation}`) })}</span>
        </label>
      ))}
      <p className="field-hint" id={`${id}-hint`}>
        {t('stayForm.membersHint')}
      </p>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
