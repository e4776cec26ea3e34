import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet, useNavigate } from 'react-router';
import { SyncIndicator, SyncNavBadge } from '../features/sync/SyncIndicator.tsx';
import { NAV_ITEMS } from './nav.ts';
import { useProfile } from './profile-context.ts';

export function Shell() {
  const { t } = useTranslation();
  const { profile } = useProfile();
  const navigate = useNavigate();

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey) return;
      const index = Number(e.key) - 1;
      const item = NAV_ITEMS[index];
      if (item) {
        e.preventDefault();
        navigate(item.path);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [navigate]);

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="shell-header">
        <div className="brand">
          <span className="brand-name">{t('app.name')}</span>
          <span className="brand-tagline">{t('app.tagline')}</span>
        </div>
        <SyncIndicator />
        <div className="whoami">
          <span>
            {profile.municipality.prefecture}
            {profile.municipality.name}
          </span>
          <span className="whoami-name">
            {profile.displayName}（{t(`roles.${profile.role}`)}）
          </span>
        </div>
      </header>
      <nav className="shell-nav" aria-label={t('nav.label')}>
        <ul>
          {NAV_ITEMS.map((item, i) => (
            <li key={item.path}>
              <NavLink
                to={item.path}
                className={({ isActive }) => (isActive ? 'nav-link active' : 'nav-link')}
                aria-keyshortcuts={`Alt+${i + 1}`}
              >
                <span>
                  {t(item.key)}
                  {item.path === '/sync' ? <SyncNavBadge /> : null}
                </span>
                <kbd className="nav-kbd">Alt+{i + 1}</kbd>
              </NavLink>
            </li>
          ))}
        </ul>
        <p className="nav-hint">{t('nav.shortcutHint')}</p>
      </nav>
      <main id="main" className="shell-main" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
