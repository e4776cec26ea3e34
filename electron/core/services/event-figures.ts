import { type ContactChannel, EVENT_KINDS, type EventKind } from '../../../shared/domain/enums.ts';
import type {
  CsvFile,
  EventFigures,
  EventFollowUp,
  FigureRow,
  FollowUpPerson,
} from '../../../shared/ipc/views/community-events.ts';
import { toCsv } from '../../../shared/text/csv.ts';
import { type EventsContext, japanDayOf, parseCodes, requireStaff } from './event-context.ts';
import { PersonResolver } from './event-people.ts';
import type { EventService } from './event-service.ts';

interface HeldEvent {
  id: string;
  kind: EventKind;
  startsAt: string;
  day: string;
}

/**
 * The event figures and the follow-up lists, computed from the stored events, applications and roll
 * call every time (never remembered), with the definitions of docs/events.md, "Figures".
 */
export class EventFigureService {
  private readonly ctx: EventsContext;
  private readonly events: EventService;

  constructor(ctx: EventsContext, events: EventService) {
    this.ctx = ctx;
    this.events = events;
  }

  /**
   * Everyone's marks over the town's held events: per event the people (counting keys) and the
   * companions, and per person their first event (by start, then id).
   */
  private ledger() {
    const town = this.ctx.actor.municipalityId;
    const held = (
      this.ctx.sqlite
        .prepare(
          `SELECT id, kind, starts_at FROM event WHERE municipality_id = ? AND deleted_at IS NULL
             AND status = 'planned' AND starts_at <= ? ORDER BY starts_at, id`,
        )
        .all(town, this.ctx.now().toISOString()) as { id: string; kind: string; starts_at: string }[]
    ).map(
      (e): HeldEvent => ({
        id: e.id,
        kind: e.kind as EventKind,
        startsAt: e.starts_at,
        day: japanDayOf(e.starts_at),
      }),
    );
    const people = new PersonResolver(this.ctx.sqlite, town);
    const marks = this.ctx.sqlite
      .prepare(
        `SELECT t.event_id, t.member_id, t.supporter_id, t.application_id FROM event_attendance t
           JOIN event e ON e.id = t.event_id
          WHERE t.municipality_id = ? AND t.deleted_at IS NULL AND e.deleted_at IS NULL AND e.status = 'planned'`,
      )
      .all(town) as {
      event_id: string;
      member_id: string | null;
      supporter_id: string | null;
      application_id: string | null;
    }[];
    const keysOf = new Map<string, Set<string>>();
    const markedApps = new Set<string>();
    for (const m of marks) {
      const set = keysOf.get(m.event_id) ?? new Set<string>();
      set.add(people.keyOf(m.member_id, m.supporter_id));
      keysOf.set(m.event_id, set);
      if (m.application_id) markedApps.add(m.application_id);
    }
    // Companions: heads an application brought beyond the people it names, once anyone of it came.
    const companions = new Map<string, number>();
    const apps = this.ctx.sqlite
      .prepare(
        `SELECT id, event_id, family_id, member_ids, head_count FROM event_application
          WHERE municipality_id = ? AND deleted_at IS NULL AND status <> 'cancelled'`,
      )
      .all(town) as {
      id: string;
      event_id: string;
      family_id: string | null;
      member_ids: string;
      head_count: number;
    }[];
    for (const a of apps) {
      if (!markedApps.has(a.id)) continue;
      const named = a.family_id !== null ? parseCodes(a.member_ids).length : 1;
      companions.set(a.event_id, (companions.get(a.event_id) ?? 0) + Math.max(0, a.head_count - named));
    }
    const firstEvent = new Map<string, HeldEvent>();
    for (const e of held) {
      for (const key of keysOf.get(e.id) ?? []) if (!firstEvent.has(key)) firstEvent.set(key, e);
    }
    return { held, keysOf, companions, firstEvent, people };
  }

  /** 年度 figures: events held, participants, distinct people and first-time participants. */
  figures(fiscalYear: number): EventFigures {
    const { held, keysOf, companions, firstEvent } = this.ledger();
    const from = `${fiscalYear}-04-01`;
    const to = `${fiscalYear + 1}-03-31`;
    const inYear = held.filter((e) => e.day >= from && e.day <= to);
    const row = (events: HeldEvent[], firstOf: (e: HeldEvent) => boolean): FigureRow => {
      const distinct = new Set<string>();
      let participants = 0;
      for (const e of events) {
        const keys = keysOf.get(e.id) ?? new Set<string>();
        participants += keys.size + (companions.get(e.id) ?? 0);
        for (const k of keys) distinct.add(k);
      }
      let firstTimers = 0;
      for (const e of firstEvent.values()) if (firstOf(e)) firstTimers += 1;
      return { events: events.length, participants, distinctPeople: distinct.size, firstTimers };
    };
    const ids = new Set(inYear.map((e) => e.id));
    const months = Array.from({ length: 12 }, (_, i) => {
      const m = ((i + 3) % 12) + 1;
      return `${m >= 4 ? fiscalYear : fiscalYear + 1}-${String(m).padStart(2, '0')}`;
    });
    return {
      fiscalYear,
      total: row(inYear, (e) => ids.has(e.id)),
      byMonth: months.map((month) => ({
        month,
        ...row(
          inYear.filter((e) => e.day.startsWith(month)),
          (e) => ids.has(e.id) && e.day.startsWith(month),
        ),
      })),
      byKind: EVENT_KINDS.map((kind) => ({
        kind,
        ...row(
          inYear.filter((e) => e.kind === kind),
          (e) => ids.has(e.id) && e.kind === kind,
        ),
      })),
    };
  }

  /**
   * After an event: who came for the first time, who came back, and who may be contacted. The list
   * carries the consented people's phone and e-mail, so showing it is an audited view of the event.
   */
  followUp(eventId: string): EventFollowUp {
    const follow = this.collectFollowUp(eventId);
    if (follow.consented.length > 0) {
      this.ctx.writer.write(this.ctx.actor, (tx) => {
        tx.audit('view_sensitive', 'event', eventId, { fields: ['followUp'], rows: follow.consented.length });
      });
    }
    return follow;
  }

  private collectFollowUp(eventId: string): EventFollowUp {
    requireStaff(this.ctx);
    this.events.row(eventId);
    const { firstEvent, people } = this.ledger();
    const marks = this.ctx.sqlite
      .prepare(
        `SELECT DISTINCT t.member_id, t.supporter_id, t.application_id, a.note
           FROM event_attendance t LEFT JOIN event_application a ON a.id = t.application_id
          WHERE t.event_id = ? AND t.deleted_at IS NULL`,
      )
      .all(eventId) as {
      member_id: string | null;
      supporter_id: string | null;
      application_id: string | null;
      note: string | null;
    }[];
    const member = this.ctx.sqlite.prepare(
      `SELECT m.given_name, f.family_name, f.phone, f.email FROM family_member m JOIN family f ON f.id = m.family_id WHERE m.id = ?`,
    );
    const supporter = this.ctx.sqlite.prepare(
      'SELECT name, phone, email, contact_consent, contact_channels, erased_at FROM supporter WHERE id = ?',
    );
    const seen = new Set<string>();
    const out: EventFollowUp = { eventId, firstTime: [], returning: [], consented: [] };
    for (const m of marks) {
      const key = people.keyOf(m.member_id, m.supporter_id);
      if (seen.has(key)) continue;
      seen.add(key);
      let person: FollowUpPerson;
      let consented = false;
      if (m.member_id !== null) {
        const r = member.get(m.member_id) as
          | { given_name: string; family_name: string; phone: string | null; email: string | null }
          | undefined;
        person = {
          applicationId: m.application_id ?? '',
          kind: 'member',
          id: m.member_id,
          name: r ? `${r.family_name} ${r.given_name}`.trim() : '',
          phone: r?.phone ?? null,
          email: r?.email ?? null,
          contactChannels: [],
          note: m.note,
        };
      } else {
        const sid = people.canonicalSupporter(m.supporter_id as string);
        const r = supporter.get(sid) as
          | {
              name: string;
              phone: string | null;
              email: string | null;
              contact_consent: number;
              contact_channels: string;
              erased_at: string | null;
            }
          | undefined;
        consented = r !== undefined && r.contact_consent === 1 && r.erased_at === null;
        person = {
          applicationId: m.application_id ?? '',
          kind: 'supporter',
          id: sid,
          name: r?.name ?? '',
          phone: r?.phone ?? null,
          email: r?.email ?? null,
          contactChannels: parseCodes<ContactChannel>(r?.contact_channels ?? null),
          note: m.note,
        };
      }
      if (firstEvent.get(key)?.id === eventId) out.firstTime.push(person);
      else out.returning.push(person);
      if (consented) out.consented.push(person);
    }
    const byName = (a: FollowUpPerson, b: FollowUpPerson) =>
      a.name.localeCompare(b.name, 'ja') || a.id.localeCompare(b.id);
    out.firstTime.sort(byName);
    out.returning.sort(byName);
    out.consented.sort(byName);
    return out;
  }

  /** The consented list as Excel-safe CSV; handing contact details out is written to the audit log. */
  followUpCsv(
    eventId: string,
    labels: {
      header: string[];
      first: string;
      returning: string;
      channels: Readonly<Record<ContactChannel, string>>;
    },
  ): CsvFile {
    const follow = this.collectFollowUp(eventId);
    const event = this.events.row(eventId);
    const firstIds = new Set(follow.firstTime.map((p) => p.id));
    const rows = follow.consented.map((p) => [
      firstIds.has(p.id) ? labels.first : labels.returning,
      p.name,
      p.phone,
      p.email,
      p.contactChannels.map((c) => labels.channels[c]).join(' '),
      p.note,
    ]);
    this.ctx.writer.write(this.ctx.actor, (tx) => {
      tx.audit('view_sensitive', 'event', eventId, { fields: ['followUpCsv'], rows: rows.length });
    });
    return {
      fileName: `${japanDayOf(event.starts_at)}_${event.title.replace(/[\\/:*?"<>|\s]+/g, '_')}.csv`,
      text: toCsv(labels.header, rows),
    };
  }
}
