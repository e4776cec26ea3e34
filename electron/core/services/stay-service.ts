import type { Kysely } from 'kysely';
import { ageOn } from '../../../shared/domain/dates.ts';
import type { Programme, Relation, StayStatus } from '../../../shared/domain/enums.ts';
import type { StaySave } from '../../../shared/domain/records.ts';
import { AppError } from '../../../shared/errors.ts';
import { membershipId } from '../../../shared/ids.ts';
import type { LodgingConflict, StayView } from '../../../shared/ipc/views.ts';
import type { DB } from '../db/schema.ts';
import type { Actor, RecordWriter, WriteTx } from '../write/record-writer.ts';
import { occupies, sharesANight, spanFrom, spanOf } from './stay-overlap.ts';

/**
 * Stays: create and edit with their members, and the occupancy rule for trial housing. Two stays in
 * the same property overlap when they share a night: nights run from arrival (inclusive) to departure
 * (exclusive), so one family leaving on the day the next arrives is not a double booking. Overlaps are
 * always computed from the stored stays, never remembered from a form, so stays created on two
 * laptops offline are flagged the same way once both are here.
 */
export class StayService {
  private readonly db: Kysely<DB>;
  private readonly writer: RecordWriter;
  private readonly actor: Actor;

  constructor(db: Kysely<DB>, writer: RecordWriter, actor: Actor) {
    this.db = db;
    this.writer = writer;
    this.actor = actor;
  }

  async save(input: StaySave): Promise<StayView> {
    const id = this.writer.write(this.actor, (tx) => {
      this.assertFamily(tx, input.familyId);
      const members = this.familyMembers(tx, input.familyId);
      const stranger = input.memberIds.findIndex((m) => !members.has(m));
      if (stranger >= 0)
        throw new AppError('VALIDATION_FAILED', 'validation.notFamilyMember', `memberIds.${stranger}`);
      if (input.lodgingPropertyId) this.assertProperty(tx, input.lodgingPropertyId);
      const columns = {
        family_id: input.familyId,
        programme: input.programme,
        planned_arrival: input.plannedArrival,
        planned_departure: input.plannedDeparture,
        actual_arrival: input.actualArrival,
        actual_departure: input.actualDeparture,
        lodging_property_id: input.lodgingPropertyId,
        lodging_text: input.lodgingText,
        status: input.status,
        school_name: input.schoolName,
        notes: input.notes,
      };
      let stayId: string;
      if (input.id) {
        const current = tx.sqlite
          .prepare('SELECT family_id FROM stay WHERE id = ? AND deleted_at IS NULL')
          .get(input.id) as { family_id: string } | undefined;
        if (!current) throw new AppError('NOT_FOUND', `stay ${input.id} not found`, 'id');
        if (current.family_id !== input.familyId)
          throw new AppError('VALIDATION_FAILED', 'validation.invalid', 'familyId');
        tx.update('stay', input.id, columns);
        stayId = input.id;
      } else {
        stayId = tx.insert('stay', columns);
      }
      this.syncMembers(tx, stayId, input.memberIds, members, input.schoolName);
      return stayId;
    });
    return this.get(id);
  }

  async get(id: string): Promise<StayView> {
    const [stay] = await this.views({ id });
    if (!stay) throw new AppError('NOT_FOUND', `stay ${id} not found`, 'id');
    return stay;
  }

  listForFamily(familyId: string): Promise<StayView[]> {
    return this.views({ familyId });
  }

  /** Stays in `propertyId` sharing a night with [arrival, departure). */
  async conflicts(
    propertyId: string,
    arrival: string,
    departure: string,
    excludeStayId?: string,
  ): Promise<LodgingConflict[]> {
    const rows = await this.db
      .selectFrom('stay as s')
      .innerJoin('family as f', 'f.id', 's.family_id')
      .select(['s.id', 's.family_id', 'f.family_name', 's.arrival', 's.departure'])
      .where('s.municipality_id', '=', this.actor.municipalityId)
      .where('s.lodging_property_id', '=', propertyId)
      .where(occupies('s'))
      .where(sharesANight(spanOf('s'), spanFrom(arrival, departure)))
      .$if(excludeStayId !== undefined, (qb) => qb.where('s.id', '<>', excludeStayId as string))
      .orderBy('s.arrival')
      .orderBy('s.id')
      .execute();
    return rows.map((r) => ({
      stayId: r.id,
      familyId: r.family_id,
      familyName: r.family_name,
      arrival: r.arrival,
      departure: r.departure,
    }));
  }

  private async views(filter: { id?: string; familyId?: string }): Promise<StayView[]> {
    const rows = await this.db
      .selectFrom('stay as s')
      .leftJoin('property as p', 'p.id', 's.lodging_property_id')
      .selectAll('s')
      .select('p.address')
      .where('s.municipality_id', '=', this.actor.municipalityId)
      .where('s.deleted_at', 'is', null)
      .$if(filter.id !== undefined, (qb) => qb.where('s.id', '=', filter.id as string))
      .$if(filter.familyId !== undefined, (qb) => qb.where('s.family_id', '=', filter.familyId as string))
      .orderBy('s.arrival', 'desc')
      .execute();
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const members = await this.db
      .selectFrom('stay_member as sm')
      .innerJoin('family_member as fm', 'fm.id', 'sm.member_id')
      .select(['sm.stay_id', 'fm.id', 'fm.given_name', 'fm.relation', 'fm.birth_date'])
      .where('sm.stay_id', 'in', ids)
      .where('sm.deleted_at', 'is', null)
      .orderBy('fm.birth_date')
      .execute();
    const result: StayView[] = [];
    for (const r of rows) {
      result.push({
        id: r.id,
        familyId: r.family_id,
        programme: r.programme as Programme,
        status: r.status as StayStatus,
        plannedArrival: r.planned_arrival,
        plannedDeparture: r.planned_departure,
        actualArrival: r.actual_arrival,
        actualDeparture: r.actual_departure,
        arrival: r.arrival,
        departure: r.departure,
        nights: nightsBetween(r.arrival, r.departure),
        lodgingPropertyId: r.lodging_property_id,
        lodgingText: r.lodging_text,
        lodging: r.address ?? r.lodging_text,
        schoolName: r.school_name,
        notes: r.notes,
        members: members
          // One entry per person, even where older laptops added the same member twice.
          .filter(
            (m, i) =>
              m.stay_id === r.id && members.findIndex((o) => o.stay_id === r.id && o.id === m.id) === i,
          )
          .map((m) => ({
            memberId: m.id,
            givenName: m.given_name,
            relation: m.relation as Relation,
            ageAtArrival: m.birth_date ? ageOn(m.birth_date, r.arrival) : null,
          })),
        doubleBookings:
          r.lodging_property_id && r.status !== 'cancelled'
            ? await this.conflicts(r.lodging_property_id, r.arrival, r.departure, r.id)
            : [],
      });
    }
    return result;
  }

  private assertFamily(tx: WriteTx, familyId: string): void {
    const f = tx.sqlite
      .prepare('SELECT municipality_id, deleted_at, erased_at FROM family WHERE id = ?')
      .get(familyId) as
      | { municipality_id: string; deleted_at: string | null; erased_at: string | null }
      | undefined;
    if (!f || f.deleted_at || f.municipality_id !== this.actor.municipalityId) {
      throw new AppError('NOT_FOUND', `family ${familyId} not found`, 'familyId');
    }
    if (f.erased_at) throw new AppError('FAMILY_ERASED', 'validation.familyErased', 'familyId');
  }

  private assertProperty(tx: WriteTx, propertyId: string): void {
    const p = tx.sqlite
      .prepare('SELECT municipality_id, deleted_at FROM property WHERE id = ?')
      .get(propertyId) as { municipality_id: string; deleted_at: string | null } | undefined;
    if (!p || p.deleted_at || p.municipality_id !== this.actor.municipalityId) {
      throw new AppError('NOT_FOUND', `property ${propertyId} not found`, 'lodgingPropertyId');
    }
  }

  private familyMembers(tx: WriteTx, familyId: string): Map<string, string> {
    const rows = tx.sqlite
      .prepare('SELECT id, relation FROM family_member WHERE family_id = ? AND deleted_at IS NULL')
      .all(familyId) as { id: string; relation: string }[];
    return new Map(rows.map((r) => [r.id, r.relation]));
  }

  /** Makes the stay's live stay_member rows exactly `memberIds` (tombstoning the ones taken off). */
  private syncMembers(
    tx: WriteTx,
    stayId: string,
    memberIds: readonly string[],
    relations: Map<string, string>,
    schoolName: string | null,
  ): void {
    const current = tx.sqlite
      .prepare('SELECT id, member_id, school_name FROM stay_member WHERE stay_id = ? AND deleted_at IS NULL')
      .all(stayId) as { id: string; member_id: string; school_name: string | null }[];
    const wanted = new Set(memberIds);
    for (const row of current) {
      if (!wanted.has(row.member_id)) tx.softDelete('stay_member', row.id);
      else {
        wanted.delete(row.member_id);
        const school = relations.get(row.member_id) === 'child' ? schoolName : null;
        tx.update('stay_member', row.id, { school_name: school });
      }
    }
    for (const memberId of wanted) {
      putOnStay(tx, stayId, memberId, relations.get(memberId) === 'child' ? schoolName : null);
    }
  }
}

/**
 * Puts a member on a stay under the membership's own id (shared/ids.ts), so the same member added on
 * two laptops is one record; a membership taken off earlier is restored rather than added again.
 */
export function putOnStay(tx: WriteTx, stayId: string, memberId: string, schoolName: string | null): void {
  const id = membershipId(stayId, memberId);
  const existing = tx.sqlite.prepare('SELECT deleted_at FROM stay_member WHERE id = ?').get(id) as
    | { deleted_at: string | null }
    | undefined;
  if (!existing) {
    tx.insert('stay_member', { id, stay_id: stayId, member_id: memberId, school_name: schoolName });
    return;
  }
  if (existing.deleted_at !== null) tx.restore('stay_member', id);
  tx.update('stay_member', id, { school_name: schoolName });
}

export function nightsBetween(arrival: string, departure: string): number {
  return Math.round((Date.parse(`${departure}T00:00:00Z`) - Date.parse(`${arrival}T00:00:00Z`)) / 86_400_000);
}
