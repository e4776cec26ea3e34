import { useId } from 'react';
import type { MemberView } from '../../../../shared/ipc/views.ts';
import { useT } from '../../i18n/use-t.ts';

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
  const { t } = useT();
  const id = useId();
  const toggle = (memberId: string, on: boolean) =>
    onChange(on ? [...selected, memberId] : selected.filter((m) => m !== memberId));
  return (
    <fieldset className="member-checks" aria-describedby={`${id}-hint`}>
      <legend>{t('stays:members')}</legend>
      {members.length === 0 ? <p className="muted">{t('stays:noMembers')}</p> : null}
      {members.map((m) => (
        <label key={m.id} className="check">
          <input
            type="checkbox"
            checked={selected.includes(m.id)}
            onChange={(e) => toggle(m.id, e.target.checked)}
          />
          {m.givenName}
          <span className="muted">{t('common.paren', { text: t(`stays:relation.${m.relation}`) })}</span>
        </label>
      ))}
      <p className="field-hint" id={`${id}-hint`}>
        {t('stays:membersHint')}
      </p>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
