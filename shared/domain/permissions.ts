import type { Role } from './enums.ts';

/**
 * Who may read a child's allergies and care notes: the people who look after the families day to day
 * and their town's administrator. Surveyors never need them; the consortium sees aggregates only.
 */
export function canSeeSensitive(role: Role): boolean {
  return role === 'coordinator' || role === 'town_admin';
}

/**
 * The roles a person may give themselves when setting up a laptop that is not enrolled yet. The
 * consortium administrator works on the server (aggregates across towns) and is never a laptop role.
 * Once enrolled, the role is the one the town's administrator gave the person on the server.
 */
export const SELF_CHOSEN_ROLES = ['coordinator', 'surveyor', 'town_admin'] as const satisfies readonly Role[];

export function isSelfChosenRole(role: Role): boolean {
  return (SELF_CHOSEN_ROLES as readonly Role[]).includes(role);
}
