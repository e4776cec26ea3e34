import { type Expression, type RawBuilder, sql } from 'kysely';

/**
 * The one rule for "two stays in the same house are a double booking", shared by the stay form's
 * check (`StayService.conflicts`, one stay against the others) and the calendar (every stay of a month
 * against the others, in one self-join), so the two can never disagree.
 */

/** The nights [arrival, departure) of a stay: columns of a row, or values given to the query. */
export interface NightSpan {
  arrival: Expression<string>;
  departure: Expression<string>;
}

/** The arrival and departure columns of the stay row called `alias` in the query. */
export function spanOf(alias: string): NightSpan {
  return { arrival: sql.ref(`${alias}.arrival`), departure: sql.ref(`${alias}.departure`) };
}

/** A span of given dates (a stay being edited, or one not saved yet). */
export function spanFrom(arrival: string, departure: string): NightSpan {
  return { arrival: sql.val(arrival), departure: sql.val(departure) };
}

/**
 * Two spans share a night when each arrives before the other leaves. The departure day is not a night
 * (a family leaving in the morning and one arriving that afternoon do not overlap).
 */
export function sharesANight(a: NightSpan, b: NightSpan): RawBuilder<boolean> {
  return sql<boolean>`(${a.arrival} < ${b.departure} and ${a.departure} > ${b.arrival})`;
}

/** The stay row `alias` still takes up its house: not deleted and not cancelled. */
export function occupies(alias: string): RawBuilder<boolean> {
  return sql<boolean>`(${sql.ref(`${alias}.deleted_at`)} is null and ${sql.ref(`${alias}.status`)} <> 'cancelled')`;
}
