import type { Role } from '../../../shared/domain/enums.ts';
import type { MessageKey } from '../i18n/use-t.ts';

/**
 * The shell's sections, in menu order. `roles` limits a section to the roles the core lets read it
 * (absent: every role). Alt+1…9 and Alt+0 jump to the sections the role sees, in this order.
 */
export const NAV_ITEMS: readonly { path: string; key: MessageKey; roles?: readonly Role[] }[] = [
  { path: '/today', key: 'nav.today' },
  { path: '/families', key: 'nav.families' },
  { path: '/enquiries', key: 'nav.enquiries' },
  { path: '/akiya', key: 'nav.akiya' },
  { path: '/inspections', key: 'nav.inspections' },
  { path: '/events', key: 'nav.events' },
  // Personal data: the core answers FORBIDDEN to anyone else (electron/core/services/event-context.ts).
  { path: '/supporters', key: 'nav.supporters', roles: ['coordinator', 'town_admin'] },
  { path: '/reports', key: 'nav.reports' },
  { path: '/consortium-reports', key: 'nav.consortiumReports', roles: ['consortium_admin'] },
  { path: '/sync', key: 'nav.sync' },
  { path: '/settings', key: 'nav.settings' },
];

/** The sections a role sees, each with its Alt+ key ('1'…'9', then '0' for the tenth). */
export function navItemsFor(role: Role) {
  return NAV_ITEMS.filter((item) => !item.roles || item.roles.includes(role)).map((item, i) => ({
    ...item,
    shortcut: i < 9 ? String(i + 1) : i === 9 ? '0' : null,
  }));
}
