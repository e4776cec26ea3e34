import { type Kysely, sql } from 'kysely';
import { addDays, ageOn } from '../../../shared/domain/dates.ts';
import type { CheckinKind, Condition, Programme, StayStatus } from '../../../shared/domain/enums.ts';
import type { BoardCheckin, BoardChild, BoardStay, TodayBoard } from '../../../shared/ipc/views.ts';
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

  async board(date: string): Promise<TodayBoard> {
    const tomorrow = addDays(date, 1);
    const m = this.actor.municipalityId;

    // departure >= today AND arrival <= tomorrow covers in town, arriving and departing, today and tomorrow.
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
      ])
      .where('s.municipality_id', '=', m)
      .where('s.deleted_at', 'is', null)
      .where('s.status', '<>', 'cancelled')
      .where('s.departure', '>=', date)
      .where('s.arrival', '<=', tomorrow)
      .orderBy('f.family_name_kana')
      .execute();
    const stayIds = JSON.stringify(stays.map((s) => s.id));

    const [children, checkins, followUps] = await Promise.all([
      this.db
        .selectFrom('stay_member as sm')
        .innerJoin('family_member as fm', 'fm.id', 'sm.member_id')
        .select([
          'sm.stay_id',
          'fm.id',
          'fm.given_name',
          'fm.given_name_kana',
          'fm.birth_date',
          'sm.school_name',
        ])
        .where('sm.stay_id', 'in', sql<string>`(SELECT value FROM json_each(${stayIds}))`)
        .where('sm.deleted_at', 'is', null)
        .where('fm.relation', '=', 'child')
        .orderBy('fm.birth_date')
        .execute(),
      this.db
        .selectFrom('checkin')
        .select(['id', 'stay_id', 'recorded_at', 'condition', 'kind', 'note', 'created_by'])
        .where('municipality_id', '=', m)
        .where('date', '=', date)
        .where('deleted_at', 'is', null)
        .orderBy('recorded_at')
        .execute(),
      this.db
        .selectFrom('checkin as c')
        .innerJoin('family as f', 'f.id', 'c.family_id')
        .select(['c.id', 'c.family_id', 'f.family_name', 'c.follow_up_on', 'c.condition', 'c.note'])
        .where('c.municipality_id', '=', m)
        .where('c.follow_up_needed', '=', 1)
        .where('c.follow_up_done_at', 'is', null)
        .where('c.deleted_at', 'is', null)
        .where('c.follow_up_on', '<=', date)
        .orderBy('c.follow_up_on')
        .execute(),
    ]);

    const childrenByStay = groupBy(children, (c) => c.stay_id);
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
      children: (childrenByStay.get(s.id) ?? []).map(
        (c): BoardChild => ({
          memberId: c.id,
          givenName: c.given_name,
          givenNameKana: c.given_name_kana,
          age: c.birth_date ? ageOn(c.birth_date, date) : null,
          schoolName: c.school_name,
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
      followUpsDue: followUps.map((f) => ({
        checkinId: f.id,
        familyId: f.family_id,
        familyName: f.family_name,
        followUpOn: f.follow_up_on as string,
        condition: f.condition as Condition,
        note: f.note,
      })),
    };
  }
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
