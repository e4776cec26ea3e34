import type { EventKind, EventPlaceKind, EventStatus } from '../../../shared/domain/enums.ts';
import type { EventFields } from '../../../shared/domain/inputs/events.ts';
import { AppError } from '../../../shared/errors.ts';
import type {
  EventCounts,
  EventMonth,
  EventPage,
  EventSummary,
  EventView,
  FamilyInTown,
} from '../../../shared/ipc/views/community-events.ts';
import type { EventTable } from '../db/schema.ts';
import type { SearchIndex } from '../search/search-index.ts';
import { type EventsContext, japanDayOf, japanDayStart, requireStaff, STAFF_ROLES } from './event-context.ts';
import { PersonResolver } from './event-people.ts';
import { promoteWaiting } from './event-waiting-list.ts';

/** A stored event (`SELECT e.*`) with its property's address joined in. */
type EventRow = EventTable & { property_address: string | null; caption: string | null };

const SELECT_EVENT = `SELECT e.*, p.address AS property_address FROM event e
  LEFT JOIN property p ON p.id = e.place_property_id`;

/** Events (地域イベント): the lists, the month, one event, and planning. */
export class EventService {
  private readonly ctx: EventsContext;
  private readonly search: SearchIndex;

  constructor(ctx: EventsContext, search: SearchIndex) {
    this.ctx = ctx;
    this.search = search;
  }

  /** Upcoming (not ended yet, soonest first) or past (latest first), optionally searched. */
  list(q: {
    scope: 'upcoming' | 'past';
    now: string;
    query: string;
    offset: number;
    limit: number;
  }): EventPage {
    const match = this.search.matchClause(q.query);
    const upcoming = q.scope === 'upcoming';
    const where = `e.municipality_id = ? AND e.deleted_at IS NULL AND e.ends_at ${upcoming ? '>=' : '<'} ?
      ${match === null ? '' : `AND e.id IN (SELECT d.ref_id FROM search_doc d WHERE d.kind = 'event' AND d.rowid IN (SELECT rowid FROM search_index WHERE search_index MATCH ?))`}`;
    const params: unknown[] = [this.ctx.actor.municipalityId, q.now, ...(match === null ? [] : [match])];
    const total = this.ctx.sqlite
      .prepare(`SELECT count(*) FROM event e WHERE ${where}`)
      .pluck()
      .get(...params) as number;
    const rows = this.ctx.sqlite
      .prepare(
        `${SELECT_EVENT} WHERE ${where} ORDER BY e.starts_at ${upcoming ? 'ASC' : 'DESC'}, e.id LIMIT ? OFFSET ?`,
      )
      .all(...params, q.limit, q.offset) as EventRow[];
    return { events: this.summaries(rows), total };
  }

  /** The events on any day of a month, and (for staff) the families in town that month. */
  month(month: string): EventMonth {
    const first = `${month}-01`;
    const [y, m] = month.split('-').map(Number) as [number, number];
    const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
    const last = new Date(new Date(`${next}T00:00:00Z`).getTime() - 86_400_000).toISOString().slice(0, 10);
    const rows = this.ctx.sqlite
      .prepare(
        `${SELECT_EVENT} WHERE e.municipality_id = ? AND e.deleted_at IS NULL AND e.starts_at < ? AND e.ends_at >= ?
          ORDER BY e.starts_at, e.id`,
      )
      .all(this.ctx.actor.municipalityId, japanDayStart(next), japanDayStart(first)) as EventRow[];
    let familiesInTown: FamilyInTown[] = [];
    if (STAFF_ROLES.includes(this.ctx.role)) {
      familiesInTown = (
        this.ctx.sqlite
          .prepare(
            `SELECT s.family_id, f.family_name, min(s.arrival) AS arrival, max(s.departure) AS departure
               FROM stay s JOIN family f ON f.id = s.family_id
              WHERE s.municipality_id = ? AND s.deleted_at IS NULL AND f.deleted_at IS NULL
                AND s.status <> 'cancelled' AND s.arrival <= ? AND s.departure >= ?
              GROUP BY s.family_id ORDER BY arrival, f.family_name_kana`,
          )
          .all(this.ctx.actor.municipalityId, last, first) as {
          family_id: string;
          family_name: string;
          arrival: string;
          departure: string;
        }[]
      ).map((r) => ({
        familyId: r.family_id,
        familyName: r.family_name,
        arrival: r.arrival,
        departure: r.departure,
      }));
    }
    return { month, events: this.summaries(rows), familiesInTown };
  }

  get(id: string): EventView {
    const row = this.row(id);
    const summary = this.summaries([row])[0] as EventSummary;
    return {
      ...summary,
      place: row.place,
      placePropertyId: row.place_property_id,
      onlineUrl: row.online_url,
      conditions: row.conditions,
      applicationOpensOn: row.application_opens_on,
      applicationClosesOn: row.application_closes_on,
      feeYen: row.fee_yen,
      feeNote: row.fee_note,
      organiser: row.organiser,
      partners: row.partners,
      description: row.description,
    };
  }

  save(fields: EventFields): EventView {
    requireStaff(this.ctx);
    const values = {
      title: fields.title,
      kind: fields.kind,
      kind_label: fields.kind === 'other' ? fields.kindLabel : null,
      starts_at: new Date(fields.startsAt).toISOString(),
      ends_at: new Date(fields.endsAt).toISOString(),
      place_kind: fields.placeKind,
      place: fields.placeKind === 'online' ? null : fields.place,
      place_property_id: fields.placeKind === 'in_town' ? fields.placePropertyId : null,
      online_url: fields.placeKind === 'online' ? fields.onlineUrl : null,
      capacity: fields.capacity,
      conditions: fields.conditions,
      application_opens_on: fields.applicationOpensOn,
      application_closes_on: fields.applicationClosesOn,
      fee_yen: fields.feeYen,
      fee_note: fields.feeNote,
      organiser: fields.organiser,
      partners: fields.partners,
      description: fields.description,
    };
    const id = this.ctx.writer.write(this.ctx.actor, (tx) => {
      if (values.place_property_id !== null) {
        const p = tx.sqlite
          .prepare('SELECT municipality_id, deleted_at FROM property WHERE id = ?')
          .get(values.place_property_id) as
          | { municipality_id: string; deleted_at: string | null }
          | undefined;
        if (!p || p.deleted_at || p.municipality_id !== this.ctx.actor.municipalityId) {
          throw new AppError('NOT_FOUND', 'the property is not in this town', 'placePropertyId');
        }
      }
      if (fields.id === undefined) return tx.insert('event', { ...values, status: 'planned' });
      const current = this.row(fields.id);
      if (current.status === 'cancelled')
        throw new AppError('VALIDATION_FAILED', 'validation.eventCancelled', 'id');
      tx.update('event', fields.id, values);
      // More places: the waiting list moves up at once.
      if (values.capacity === null || (current.capacity !== null && values.capacity > current.capacity)) {
        promoteWaiting(tx, fields.id);
      }
      return fields.id;
    });
    return this.get(id);
  }

  /** 中止. Applications stay as they are (the roster shows who to tell). */
  cancel(id: string): EventView {
    requireStaff(this.ctx);
    this.row(id);
    this.ctx.writer.write(this.ctx.actor, (tx) => {
      tx.update('event', id, { status: 'cancelled' });
    });
    return this.get(id);
  }

  row(id: string): EventRow {
    const row = this.ctx.sqlite.prepare(`${SELECT_EVENT} WHERE e.id = ?`).get(id) as EventRow | undefined;
    if (!row || row.deleted_at || row.municipality_id !== this.ctx.actor.municipalityId) {
      throw new AppError('NOT_FOUND', `event ${id} not found`, 'eventId');
    }
    return row;
  }

  summaries(rows: readonly EventRow[]): EventSummary[] {
    const counts = this.counts(rows.map((r) => r.id));
    return rows.map((r) => {
      const c = counts.get(r.id) ?? { appliedHeads: 0, waiting: 0, attendedPeople: 0 };
      const full: EventCounts = {
        ...c,
        overCapacity: r.capacity !== null && c.appliedHeads > r.capacity,
      };
      return {
        id: r.id,
        title: r.title,
        kind: r.kind as EventKind,
        kindLabel: r.kind_label,
        startsAt: r.starts_at,
        endsAt: r.ends_at,
        startsOn: japanDayOf(r.starts_at),
        endsOn: japanDayOf(r.ends_at),
        placeKind: r.place_kind as EventPlaceKind | null,
        placeText: r.place_kind === 'online' ? r.online_url : (r.place ?? r.property_address),
        capacity: r.capacity,
        status: r.status as EventStatus,
        counts: full,
      };
    });
  }

  /** Heads holding a place, the waiting list and the distinct people marked, per event. */
  private counts(ids: readonly string[]): Map<string, Omit<EventCounts, 'overCapacity'>> {
    const out = new Map<string, Omit<EventCounts, 'overCapacity'>>();
    if (ids.length === 0) return out;
    const list = JSON.stringify(ids);
    for (const id of ids) out.set(id, { appliedHeads: 0, waiting: 0, attendedPeople: 0 });
    const apps = this.ctx.sqlite
      .prepare(
        `SELECT event_id, sum(CASE WHEN status = 'applied' THEN head_count ELSE 0 END) AS held,
                sum(CASE WHEN status = 'waiting' THEN 1 ELSE 0 END) AS waiting
           FROM event_application WHERE deleted_at IS NULL AND event_id IN (SELECT value FROM json_each(?))
          GROUP BY event_id`,
      )
      .all(list) as { event_id: string; held: number; waiting: number }[];
    for (const a of apps) {
      const c = out.get(a.event_id);
      if (c) {
        c.appliedHeads = a.held;
        c.waiting = a.waiting;
      }
    }
    const marks = this.ctx.sqlite
      .prepare(
        `SELECT DISTINCT event_id, member_id, supporter_id FROM event_attendance
          WHERE deleted_at IS NULL AND event_id IN (SELECT value FROM json_each(?))`,
      )
      .all(list) as { event_id: string; member_id: string | null; supporter_id: string | null }[];
    if (marks.length > 0) {
      const people = new PersonResolver(this.ctx.sqlite, this.ctx.actor.municipalityId);
      const keys = new Map<string, Set<string>>();
      for (const m of marks) {
        const set = keys.get(m.event_id) ?? new Set<string>();
        set.add(people.keyOf(m.member_id, m.supporter_id));
        keys.set(m.event_id, set);
      }
      for (const [eventId, set] of keys) {
        const c = out.get(eventId);
        if (c) c.attendedPeople = set.size;
      }
    }
    return out;
  }
}
