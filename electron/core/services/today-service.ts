import { type Kysely, sql } from 'kysely';
import { addDays, ageOn } from '../../../shared/domain/dates.ts';
import type { CheckinKind, Condition, Programme, StayStatus } from '../../../shared/domain/enums.ts';
import {
  type BoardCheckin,
  type BoardChild,
  type BoardStay,
  FOLLOW_UPS_SHOWN,
  type TodayBoard,
} from '../../../shared/ipc/views.ts';
import type { DB } from '../db/schema.ts';
import type { Actor } from '../write/record-writer.ts';

/**
 * The 今日 board: everything a coordinator needs at 8:30 in four indexed queries, whatever the
 * size of the town's history. A stay is "in town" on every calendar day from its arrival to its
 * departure inclusive (the family is still there on the morning it leaves).
 */
export class TodayService {
  private readonly db: Kysely<DB>;
  private readonly actor: Actor;
  private readonly authorName: (authorId: string) => string | null;

  constructor(db: Kysely<DB>, actor: Actor, authorName: (authorId: string) => string | null) {
    this.db = db;
    this.actor = actor;
    this.authorName = authorName;
  }

  private followUpsDue(date: string) {
    return followUpsDueQuery(this.db, this.actor.municipalityId, date);
  }

  async board(date: string): Promise<TodayBoard> {
    const tomorrow = addDays(date, 1);
    const m = this.actor.municipalityId;

    // departure >= today AND arrival <= tomorrow covers in town, arriving and departing, today and tomorrow.
    // Predicates of partial indexes are SQL literals (sql.lit), not bound parameters: SQLite can use a
    // partial index only when it can prove the query implies the index's WHERE clause.
    const stays = await this.db
      .selectFrom('stay as s')
      .innerJoin('family as f', 'f.id', 's.family_id')
      .leftJoin('property as p', 'p.id', 's.lodging_property_id')
      .select([
        's.id',
        's.family_id',
        'f.family_name',
        'f.family_name_kana',
        's.programme',
        's.status',
        's.arrival',
        's.departure',
        's.lodging_text',
        'p.address',
        // The children who came, as one JSON array per stay (one pass over the window, not two).
        // Unordered in SQL (an ORDER BY inside the aggregate costs a temporary B-tree per stay).
        sql<string>`(SELECT json_group_array(json_array(fm.id, fm.given_name, fm.given_name_kana, fm.birth_date, sm.school_name))
           FROM stay_member sm JOIN family_member fm ON fm.id = sm.member_id
           WHERE sm.stay_id = s.id AND sm.deleted_at IS NULL AND fm.relation = 'child' AND fm.deleted_at IS NULL)`.as(
          'children',
        ),
      ])
      .where('s.municipality_id', '=', m)
      .where('s.deleted_at', 'is', null)
      .where('s.status', '<>', sql.lit('cancelled'))
      .where('s.departure', '>=', date)
      .where('s.arrival', '<=', tomorrow)
      .orderBy('f.family_name_kana')
      .execute();

    const [checkins, followUps, followUpCount, enquiries] = await Promise.all([
      this.db
        .selectFrom('checkin')
        .select(['id', 'stay_id', 'recorded_at', 'condition', 'kind', 'note', 'created_by'])
        .where('municipality_id', '=', m)
        .where('date', '=', date)
        .where('deleted_at', 'is', null)
        .orderBy('recorded_at')
        .execute(),
      this.followUpsDue(date)
        .innerJoin('family as f', 'f.id', 'c.family_id')
        .select(['c.id', 'c.family_id', 'f.family_name', 'c.follow_up_on', 'c.condition', 'c.note'])
        .orderBy('c.follow_up_on')
        .limit(FOLLOW_UPS_SHOWN)
        .execute(),
      this.followUpsDue(date)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
      // A promised call-back is as much today's work as a family in town.
      this.db
        .selectFrom('enquiry')
        .select(['id', 'contact_name', 'next_action', 'next_action_on'])
        .where('municipality_id', '=', m)
        .where('deleted_at', 'is', null)
        .where('outcome', '=', sql.lit('open'))
        .where('next_action_on', 'is not', null)
        .where('next_action_on', '<=', date)
        .orderBy('next_action_on')
        .limit(FOLLOW_UPS_SHOWN)
        .execute(),
    ]);

    const checkinsByStay = groupBy(checkins, (c) => c.stay_id);
    const toBoard = (s: (typeof stays)[number]): BoardStay => ({
      stayId: s.id,
      familyId: s.family_id,
      familyName: s.family_name,
      familyNameKana: s.family_name_kana,
      programme: s.programme as Programme,
      status: s.status as StayStatus,
      arrival: s.arrival,
      departure: s.departure,
      lodging: s.address ?? s.lodging_text,
      children: uniqueChildren(JSON.parse(s.children) as ChildTuple[])
        .sort(byBirthDate)
        .map(
          ([memberId, givenName, givenNameKana, birthDate, schoolName]): BoardChild => ({
            memberId,
            givenName,
            givenNameKana,
            age: birthDate ? ageOn(birthDate, date) : null,
            schoolName,
          }),
        ),
      checkins: (checkinsByStay.get(s.id) ?? []).map(
        (c): BoardCheckin => ({
          id: c.id,
          recordedAt: c.recorded_at,
          condition: c.condition as Condition,
          kind: c.kind as CheckinKind,
          note: c.note,
          authorName: this.authorName(c.created_by),
        }),
      ),
    });

    const board = stays.map(toBoard);
    return {
      date,
      inTown: board.filter((s) => s.arrival <= date && s.departure >= date),
      arrivingToday: board.filter((s) => s.arrival === date),
      arrivingTomorrow: board.filter((s) => s.arrival === tomorrow),
      departingToday: board.filter((s) => s.departure === date),
      departingTomorrow: board.filter((s) => s.departure === tomorrow),
      followUpsDueTotal: Number(followUpCount.n),
      followUpsDue: followUps.map((f) => ({
        checkinId: f.id,
        familyId: f.family_id,
        familyName: f.family_name,
        followUpOn: f.follow_up_on as string,
        condition: f.condition as Condition,
        note: f.note,
      })),
      enquiriesDue: enquiries.map((e) => ({
        enquiryId: e.id,
        contactName: e.contact_name,
        nextAction: e.next_action,
        nextActionOn: e.next_action_on as string,
      })),
    };
  }
}

type ChildTuple = [string, string, string, string | null, string | null];

/** One entry per child, even where older laptops put the same child on a stay twice. */
function uniqueChildren(children: readonly ChildTuple[]): ChildTuple[] {
  const seen = new Set<string>();
  return children.filter(([memberId]) => !seen.has(memberId) && seen.add(memberId) !== undefined);
}

/** Eldest first; unknown birth dates last. */
function byBirthDate(a: ChildTuple, b: ChildTuple): number {
  return (a[3] ?? '9999').localeCompare(b[3] ?? '9999');
}

/** Open follow-ups due on or before `date`; literal predicates so the partial index applies. */
function followUpsDueQuery(db: Kysely<DB>, municipalityId: string, date: string) {
  return db
    .selectFrom('checkin as c')
    .where('c.municipality_id', '=', municipalityId)
    .where('c.follow_up_needed', '=', sql.lit(1))
    .where('c.follow_up_done_at', 'is', null)
    .where('c.deleted_at', 'is', null)
    .where('c.follow_up_on', '<=', date);
}

function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const map = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}
