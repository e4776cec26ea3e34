/** The shell's sections, in menu order; Alt+1…8 jumps to them. */
export const NAV_ITEMS = [
  { path: '/today', key: 'nav.today', icon: '☀' },
  { path: '/families', key: 'nav.families', icon: '👪' },
  { path: '/akiya', key: 'nav.akiya', icon: '🏠' },
  { path: '/inspections', key: 'nav.inspections', icon: '📋' },
  { path: '/events', key: 'nav.events', icon: '🎪' },
  { path: '/reports', key: 'nav.reports', icon: '📊' },
  { path: '/sync', key: 'nav.sync', icon: '🔄' },
  { path: '/settings', key: 'nav.settings', icon: '⚙' },
] as const;
