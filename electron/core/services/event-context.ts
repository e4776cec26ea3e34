import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import type { Role } from '../../../shared/domain/enums.ts';
import { AppError } from '../../../shared/errors.ts';
import type { Actor, RecordWriter } from '../write/record-writer.ts';

/** What the event services share: the connection, the write path, who acts, on which laptop, and when. */
export interface EventsContext {
  sqlite: BetterSqlite3.Database;
  writer: RecordWriter;
  actor: Actor;
  role: Role;
  /** This laptop's device id: part of every roll-call mark's id. */
  deviceId: string;
  now: () => Date;
}

/** Supporters, applications and the roll call are personal data: coordinators and town administrators. */
export const STAFF_ROLES: readonly Role[] = ['coordinator', 'town_admin'];

export function requireStaff(ctx: EventsContext): void {
  if (!STAFF_ROLES.includes(ctx.role)) {
    throw new AppError('FORBIDDEN', `the role ${ctx.role} may not see or change event participants`);
  }
}

/** Japan's calendar date of an instant (events are planned in Japan time). */
export function japanDayOf(instant: string): string {
  return new Date(new Date(instant).getTime() + 9 * 3_600_000).toISOString().slice(0, 10);
}

/** The instant a Japan calendar day begins. */
export function japanDayStart(day: string): string {
  return new Date(new Date(`${day}T00:00:00.000Z`).getTime() - 9 * 3_600_000).toISOString();
}

export function parseCodes<T extends string>(json: string | null): T[] {
  if (!json) return [];
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? (v.filter((x) => typeof x === 'string') as T[]) : [];
  } catch {
    return [];
  }
}

/** The same text for an erase confirmation: any width, any spacing. */
export function sameName(a: string, b: string): boolean {
  const norm = (s: string) => s.normalize('NFKC').replace(/\s+/g, '');
  return norm(a) !== '' && norm(a) === norm(b);
}
