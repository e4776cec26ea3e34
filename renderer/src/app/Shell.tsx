import { useEffect, useMemo, useRef, useState } from 'react';
import { NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { PracticeBanner } from '../features/device/PracticeBanner.tsx';
import { SyncIndicator, SyncNavBadge } from '../features/sync/SyncIndicator.tsx';
import { useT } from '../i18n/use-t.ts';
import { navItemsFor } from './nav.ts';
import { useProfile } from './profile-context.ts';

export function Shell() {
  const { t } = useT();
  const { profile } = useProfile();
  const navigate = useNavigate();
  const [navCollapsed, setNavCollapsed] = useState(readNavCollapsed);
  const main = useRef<HTMLElement>(null);
  const { pathname } = useLocation();
  const navItems = useMemo(() => navItemsFor(profile.role), [profile.role]);
  // The page scrolls inside <main>, which stays mounted: a new page starts at its top, not where the
  // previous one was left.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on every change of page, on purpose
  useEffect(() => {
    main.current?.scrollTo({ top: 0 });
  }, [pathname]);
  const toggleNav = () => {
    setNavCollapsed((collapsed) => {
      writeNavCollapsed(!collapsed);
      return !collapsed;
    });
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey) return;
      const item = navItems.find((n) => n.shortcut === e.key);
      if (item) {
        e.preventDefault();
        navigate(item.path);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [navigate, navItems]);

  return (
    <div className={navCollapsed ? 'shell nav-collapsed' : 'shell'}>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="shell-header">
        <button
          type="button"
          className="nav-toggle"
          aria-expanded={!navCollapsed}
          aria-controls="shell-nav"
          onClick={toggleNav}
        >
          <span aria-hidden="true">☰</span>
          <span className="visually-hidden">
            {navCollapsed ? t('device:display.navExpand') : t('device:display.navCollapse')}
          </span>
        </button>
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
      <PracticeBanner />
      <nav className="shell-nav" id="shell-nav" aria-label={t('nav.label')} hidden={navCollapsed}>
        <ul>
          {navItems.map((item) => (
            <li key={item.path}>
              <NavLink
                to={item.path}
                className={({ isActive }) => (isActive ? 'nav-link active' : 'nav-link')}
                aria-keyshortcuts={item.shortcut ? `Alt+${item.shortcut}` : undefined}
              >
                <span>
                  {t(item.key)}
                  {item.path === '/sync' ? <SyncNavBadge /> : null}
                </span>
                {item.shortcut ? <kbd className="nav-kbd">Alt+{item.shortcut}</kbd> : null}
              </NavLink>
            </li>
          ))}
        </ul>
        <p className="nav-hint">{t('nav.shortcutHint')}</p>
      </nav>
      <main id="main" className="shell-main" tabIndex={-1} ref={main}>
        <Outlet />
      </main>
    </div>
  );
}

const NAV_KEY = 'futasato.navCollapsed';

/** The menu's folded state is this screen's preference: kept in the renderer's storage. */
function readNavCollapsed(): boolean {
  try {
    return window.localStorage.getItem(NAV_KEY) === '1';
  } catch {
    return false;
  }
}

function writeNavCollapsed(collapsed: boolean): void {
  try {
    window.localStorage.setItem(NAV_KEY, collapsed ? '1' : '0');
  } catch {
    // Not remembered across restarts; the menu still folds now.
  }
}
