import { Link } from 'react-router';
import type { Role } from '../../../../shared/domain/enums.ts';
import { useT } from '../../i18n/use-t.ts';

/** The roles the core lets see the register (electron/core/services/event-context.ts STAFF_ROLES). */
export const isStaff = (role: Role) => role === 'coordinator' || role === 'town_admin';

/** What another role sees at a register address (a bookmark, a link): why not, and a way back. */
export function StaffOnly() {
  const { t } = useT();
  return (
    <section className="page supporters">
      <h1>{t('supporters:title')}</h1>
      <p role="alert">{t('supporters:staffOnly')}</p>
      <p>
        <Link to="/today" className="sup-button">
          {t('nav.today')}
        </Link>
      </p>
    </section>
  );
}
