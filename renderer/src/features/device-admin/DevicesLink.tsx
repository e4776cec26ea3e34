import { Link } from 'react-router';
import { useProfile } from '../../app/profile-context.ts';
import { useT } from '../../i18n/use-t.ts';
import './device-admin.css';

/** 設定's way in to 端末の管理, for a town administrator only. */
export function DevicesLink() {
  const { t } = useT();
  const { profile } = useProfile();
  if (profile.role !== 'town_admin') return null;
  return (
    <section className="card" aria-labelledby="device-admin-link-title">
      <h2 id="device-admin-link-title">{t('deviceAdmin:title')}</h2>
      <p>{t('deviceAdmin:linkLead')}</p>
      <Link to="/settings/devices" className="device-admin-link">
        {t('deviceAdmin:link')}
      </Link>
    </section>
  );
}
