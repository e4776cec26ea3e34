/** The shell's sections, in menu order; Alt+1…9 jumps to them. */
export const NAV_ITEMS = [
  { path: '/today', key: 'nav.today' },
  { path: '/families', key: 'nav.families' },
  { path: '/enquiries', key: 'nav.enquiries' },
  { path: '/akiya', key: 'nav.akiya' },
  { path: '/inspections', key: 'nav.inspections' },
  { path: '/events', key: 'nav.events' },
  { path: '/reports', key: 'nav.reports' },
  { path: '/sync', key: 'nav.sync' },
  { path: '/settings', key: 'nav.settings' },
] as const;
