import { useId } from 'react';
import type { Role } from '../../../../shared/domain/enums.ts';
import { SELF_CHOSEN_ROLES } from '../../../../shared/domain/permissions.ts';
import { useT } from '../../i18n/use-t.ts';

/**
 * The roles a laptop may give itself, each with what it unlocks, so nobody picks one blind. The
 * consortium role is named as not available here (the core refuses it as well).
 */
export function RoleChoices({ value, onChange }: { value: Role; onChange: (role: Role) => void }) {
  const { t } = useT();
  const id = useId();
  return (
    <fieldset className="role-choices">
      <legend>{t('device:roles.legend')}</legend>
      <p className="muted">{t('device:roles.chooseLead')}</p>
      {SELF_CHOSEN_ROLES.map((r) => (
        <div key={r} className="role-choice">
          <label>
            <input
              type="radio"
              name="role"
              value={r}
              checked={value === r}
              onChange={() => onChange(r)}
              aria-describedby={`${id}-${r}`}
            />
            <strong>{t(`roles.${r}`)}</strong>
          </label>
          <span className="role-unlocks" id={`${id}-${r}`}>
            {t(`device:roles.unlocks.${r}`)}
          </span>
        </div>
      ))}
      <p className="muted small-note">{t('device:roles.consortiumNote')}</p>
    </fieldset>
  );
}

/** An enrolled laptop's role: shown, with why it cannot be changed here. */
export function ServerRole({ role }: { role: Role }) {
  const { t } = useT();
  return (
    <div className="role-fixed" data-testid="server-role">
      <p>
        {t('device:roles.legend')}: <strong>{t(`roles.${role}`)}</strong>
      </p>
      <p className="muted">{t(`device:roles.unlocks.${role}`)}</p>
      <p className="muted">{t('device:roles.fromServer')}</p>
    </div>
  );
}
