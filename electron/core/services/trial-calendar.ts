import { type Kysely, sql } from 'kysely';
import type { Programme, PropertyStatus, Role, StayStatus } from '../../../shared/domain/enums.ts';
import { canSeeSensitive } from '../../../shared/domain/permissions.ts';
import { AppError } from '../../../shared/errors.ts';
import type {
  TrialCalendarHouse,
  TrialCalendarMonth,
  TrialCalendarStay,
} from '../../../shared/ipc/views/trial-calendar.ts';
import type { DB } from '../db/schema.ts';
import type { Actor } from '../write/record-writer.ts';
import type { StayService } from './stay-service.ts';

/**
 * The お試し住宅 calendar: for one month, every house in trial housing plus any other house a live stay
 * lodges in that month (a house taken out of trial housing still shows the families booked in it), with
 * those stays. Double bookings come from the stays' own occupancy rule (`StayService.conflicts`), so the
 * calendar and the stay form can never disagree about what overlaps. Family names are personal data:
 * the same roles that may see a family's sensitive notes may see the calendar.
 */
export class TrialCalendarService {
  private readonly db: Kysely<DB>;
  private readonly actor: Actor;
  private readonly role: Role;
  private readonly stays: StayService;

  constructor(db: Kysely<DB>, actor: Actor, role: Role, stays: StayService) {
    this.db = db;
    this.actor = actor;
    this.role = role;
    this.stays = stays;
  }

  async month(month: string): Promise<TrialCalendarMonth> {
    if (!canSeeSensitive(this.role))
      throw new AppError('FORBIDDEN', 'this role may not see the stay calendar');
    const { from, to } = monthNights(month);
    const town = this.actor.municipalityId;
    // A stay has a night in the month when it arrives before the month ends and leaves after it starts.
    const stayRows = await this.db
      .selectFrom('stay as s')
      .innerJoin('family as f', 'f.id', 's.family_id')
      .innerJoin('property as p', 'p.id', 's.lodging_property_id')
      .select([
        's.id',
        's.family_id',
        'f.family_name',
        's.programme',
        's.status',
        's.arrival',
        's.departure',
        's.lodging_property_id',
      ])
      .where('s.municipality_id', '=', town)
      .where('p.municipality_id', '=', town)
      .where('p.deleted_at', 'is', null)
      .where('s.deleted_at', 'is', null)
      .where('s.status', '<>', sql.lit('cancelled'))
      .where('s.arrival', '<', to)
      .where('s.departure', '>', from)
      .orderBy('s.arrival')
      .orderBy('s.id')
      .execute();
    const lodged = [...new Set(stayRows.map((r) => r.lodging_property_id as string))];
    const houseRows = await this.db
      .selectFrom('property')
      .select(['id', 'address', 'lot_number', 'ref_number', 'status'])
      .where('municipality_id', '=', town)
      .where('deleted_at', 'is', null)
      .where((eb) =>
        lodged.length > 0
          ? eb.or([eb('status', '=', 'trial_housing'), eb('id', 'in', lodged)])
          : eb('status', '=', 'trial_housing'),
      )
      .orderBy(sql`coalesce(nullif(address, ''), lot_number, ref_number)`)
      .orderBy('id')
      .execute();

    const byHouse = new Map<string, TrialCalendarStay[]>();
    for (const r of stayRows) {
      const propertyId = r.lodging_property_id as string;
      const overlaps = await this.stays.conflicts(propertyId, r.arrival, r.departure, r.id);
      const list = byHouse.get(propertyId) ?? [];
      list.push({
        stayId: r.id,
        familyId: r.family_id,
        familyName: r.family_name,
        programme: r.programme as Programme,
        status: r.status as StayStatus,
        arrival: r.arrival,
        departure: r.departure,
        doubleBooked: overlaps.length > 0,
        overlapsWith: overlaps.map((o) => o.stayId),
      });
      byHouse.set(propertyId, list);
    }
    const houses: TrialCalendarHouse[] = houseRows.map((h) => ({
      propertyId: h.id,
      address: h.address,
      lotNumber: h.lot_number,
      refNumber: h.ref_number,
      status: h.status as PropertyStatus,
      stays: byHouse.get(h.id) ?? [],
    }));
    return { month, from, to, houses };
  }
}

/** The first night of a YYYY-MM month and the day after its last. */
export function monthNights(month: string): { from: string; to: string } {
  const [year, mon] = month.split('-').map(Number) as [number, number];
  const next = mon === 12 ? `${year + 1}-01` : `${year}-${String(mon + 1).padStart(2, '0')}`;
  return { from: `${month}-01`, to: `${next}-01` };
}
