import type { Role } from './enums.ts';

/**
 * Who may read a child's allergies and care notes: the people who look after the families day to day
 * and their town's administrator. Surveyors never need them; the consortium sees aggregates only.
 */
export function canSeeSensitive(role: Role): boolean {
  return role === 'coordinator' || role === 'town_admin';
}
