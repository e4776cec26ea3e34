import type { ApplicationStatus } from '../../../shared/domain/enums.ts';
import type { ApplicationFields } from '../../../shared/domain/inputs/events.ts';
import { AppError } from '../../../shared/errors.ts';
import { attendanceMarkId } from '../../../shared/ids.ts';
import type {
  ApplicationPerson,
  ApplicationResult,
  ApplicationView,
  EventRoster,
  PersonKind,
} from '../../../shared/ipc/views/community-events.ts';
import type { WriteTx } from '../write/record-writer.ts';
import { applicationStatusFor } from './event-application-view.ts';
import { type EventsContext, japanDayOf, parseCodes, requireStaff } from './event-context.ts';
import { PersonResolver } from './event-people.ts';
import type { EventService } from './event-service.ts';
import { heldHeads, promoteWaiting } from './event-waiting-list.ts';

interface ApplicationRow {
  id: string;
  event_id: string;
  family_id: string | null;
  supporter_id: string | null;
  member_ids: string;
  head_count: number;
  status: string;
  applied_at: string;
  walk_in: number;
  note: string | null;
  deleted_at: string | null;
  municipality_id: string;
}

/**
 * Applications (申込) with the capacity warning and the waiting list, and the roll call on the day.
 * The rules are in docs/events.md ("Applications", "Roll call").
 */
export class ApplicationService {
  private readonly ctx: EventsContext;
  private readonly events: EventService;

  constructor(ctx: EventsContext, events: EventService) {
    this.ctx = ctx;
    this.events = events;
  }

  add(fields: ApplicationFields): ApplicationResult {
    requireStaff(this.ctx);
    const id = this.ctx.writer.write(this.ctx.actor, (tx) => this.insert(tx, fields));
    return this.result(id.id, id.full, []);
  }

  /** Writes one application inside a transaction; used by `add` and by the walk-in. */
  insert(tx: WriteTx, fields: ApplicationFields): { id: string; full: boolean } {
    const event = this.events.row(fields.eventId);
    if (event.status === 'cancelled')
      throw new AppError('VALIDATION_FAILED', 'validation.eventCancelled', 'eventId');
    let supporterId = fields.supporterId;
    let named = 1;
    if (fields.familyId !== null) {
      const family = tx.sqlite
        .prepare('SELECT municipality_id, deleted_at, erased_at FROM family WHERE id = ?')
        .get(fields.familyId) as
        | { municipality_id: string; deleted_at: string | null; erased_at: string | null }
        | undefined;
      if (!family || family.deleted_at || family.municipality_id !== this.ctx.actor.municipalityId) {
        throw new AppError('NOT_FOUND', 'family not found', 'familyId');
      }
      if (family.erased_at) throw new AppError('FAMILY_ERASED', 'validation.familyErased', 'familyId');
      const members = new Set(
        tx.sqlite
          .prepare('SELECT id FROM family_member WHERE family_id = ? AND deleted_at IS NULL')
          .pluck()
          .all(fields.familyId) as string[],
      );
      const stranger = fields.memberIds.findIndex((m) => !members.has(m));
      if (stranger >= 0)
        throw new AppError('VALIDATION_FAILED', 'validation.notFamilyMember', `memberIds.${stranger}`);
      named = new Set(fields.memberIds).size;
    } else {
      const people = new PersonResolver(tx.sqlite, this.ctx.actor.municipalityId);
      supporterId = people.canonicalSupporter(supporterId as string);
      const s = tx.sqlite
        .prepare('SELECT municipality_id, deleted_at, erased_at FROM supporter WHERE id = ?')
        .get(supporterId) as
        | { municipality_id: string; deleted_at: string | null; erased_at: string | null }
        | undefined;
      if (!s || s.deleted_at || s.municipality_id !== this.ctx.actor.municipalityId) {
        throw new AppError('NOT_FOUND', 'supporter not found', 'supporterId');
      }
      if (s.erased_at) throw new AppError('SUPPORTER_ERASED', 'validation.supporterErased', 'supporterId');
    }
    const already = tx.sqlite
      .prepare(
        `SELECT 1 FROM event_application WHERE event_id = ? AND deleted_at IS NULL AND status <> 'cancelled'
           AND (family_id = ? OR supporter_id = ?)`,
      )
      .get(fields.eventId, fields.familyId, supporterId);
    if (already) {
      throw new AppError(
        'VALIDATION_FAILED',
        'validation.alreadyApplied',
        fields.familyId ? 'familyId' : 'supporterId',
      );
    }
    const heads = fields.headCount ?? named;
    const held = heldHeads(tx, fields.eventId);
    // A new application never passes people already waiting, even when its party would fit.
    const queue = tx.sqlite
      .prepare(
        `SELECT count(*) FROM event_application WHERE event_id = ? AND status = 'waiting' AND deleted_at IS NULL`,
      )
      .pluck()
      .get(fields.eventId) as number;
    const fits = event.capacity === null || (queue === 0 && held + heads <= event.capacity);
    const status: ApplicationStatus =
      fits || fields.whenFull === 'accept' || fields.walkIn ? 'applied' : 'waiting';
    const id = tx.insert('event_application', {
      event_id: fields.eventId,
      family_id: fields.familyId,
      supporter_id: supporterId,
      member_ids: JSON.stringify([...new Set(fields.memberIds)]),
      head_count: heads,
      status,
      applied_at: tx.at,
      walk_in: fields.walkIn ? 1 : 0,
      note: fields.note,
    });
    const full = event.capacity !== null && held + (status === 'applied' ? heads : 0) >= event.capacity;
    return { id, full: full || status === 'waiting' };
  }

  /**
   * Changes the stored status (申込, キャンセル待ち, キャンセル, 欠席). A cancellation frees places: the waiting
   * list moves up in the same transaction.
   */
  setStatus(id: string, status: ApplicationStatus): ApplicationResult {
    requireStaff(this.ctx);
    const row = this.row(id);
    const promoted = this.ctx.writer.write(this.ctx.actor, (tx) => {
      if (status === 'applied' || status === 'waiting') {
        const event = this.events.row(row.event_id);
        if (event.status === 'cancelled')
          throw new AppError('VALIDATION_FAILED', 'validation.eventCancelled', 'eventId');
      }
      tx.update('event_application', id, { status });
      return row.status === 'applied' && status === 'cancelled' ? promoteWaiting(tx, row.event_id) : [];
    });
    const event = this.events.row(row.event_id);
    const full =
      event.capacity !== null && heldHeads({ sqlite: this.ctx.sqlite }, row.event_id) >= event.capacity;
    return this.result(id, full, promoted);
  }

  setNote(id: string, note: string | null): ApplicationView {
    requireStaff(this.ctx);
    this.row(id);
    const trimmed = note === null || note.trim() === '' ? null : note.trim();
    this.ctx.writer.write(this.ctx.actor, (tx) => {
      tx.update('event_application', id, { note: trimmed });
    });
    return this.view(this.row(id));
  }

  /** The roll call's list: everyone of the event with who of them is marked. */
  roster(eventId: string): EventRoster {
    requireStaff(this.ctx);
    const event = this.events.summaries([this.events.row(eventId)])[0];
    const rows = this.ctx.sqlite
      .prepare('SELECT * FROM event_application WHERE event_id = ? AND deleted_at IS NULL')
      .all(eventId) as ApplicationRow[];
    const views = this.views(rows);
    const rank = (v: ApplicationView) =>
      v.status === 'attended' || v.status === 'applied' ? 0 : v.status === 'waiting' ? 1 : 2;
    views.sort(
      (a, b) =>
        rank(a) - rank(b) ||
        (rank(a) === 1
          ? (a.waitingPosition ?? 0) - (b.waitingPosition ?? 0)
          : (a.nameKana ?? a.name).localeCompare(b.nameKana ?? b.name, 'ja') || a.id.localeCompare(b.id)),
    );
    return { event: event as EventRoster['event'], applications: views };
  }

  /**
   * Marks (or unmarks) people 参加. A mark is this laptop's row for the person (its id derived from the
   * event, the person and the laptop), so tapping twice writes once; an unmark tombstones every mark
   * of the person this laptop knows, whichever laptop made it.
   */
  mark(eventId: string, people: readonly { kind: PersonKind; id: string }[], attended: boolean): EventRoster {
    requireStaff(this.ctx);
    const event = this.events.row(eventId);
    if (event.status === 'cancelled')
      throw new AppError('VALIDATION_FAILED', 'validation.eventCancelled', 'eventId');
    this.ctx.writer.write(this.ctx.actor, (tx) => {
      const apps = tx.sqlite
        .prepare(
          `SELECT * FROM event_application WHERE event_id = ? AND deleted_at IS NULL AND status <> 'cancelled'`,
        )
        .all(eventId) as ApplicationRow[];
      const resolver = new PersonResolver(tx.sqlite, this.ctx.actor.municipalityId);
      people.forEach((p, i) => {
        const app = apps.find((a) =>
          p.kind === 'member'
            ? parseCodes(a.member_ids).includes(p.id)
            : a.supporter_id !== null &&
              resolver.canonicalSupporter(a.supporter_id) === resolver.canonicalSupporter(p.id),
        );
        if (!app) throw new AppError('VALIDATION_FAILED', 'validation.notApplicant', `people.${i}`);
        const personId = p.kind === 'supporter' ? (app.supporter_id as string) : p.id;
        const column = p.kind === 'member' ? 'member_id' : 'supporter_id';
        if (attended) {
          const id = attendanceMarkId(eventId, `${p.kind}:${personId}`, this.ctx.deviceId);
          const mine = tx.sqlite.prepare('SELECT deleted_at FROM event_attendance WHERE id = ?').get(id) as
            | { deleted_at: string | null }
            | undefined;
          if (!mine) {
            tx.insert('event_attendance', {
              id,
              event_id: eventId,
              application_id: app.id,
              family_id: app.family_id,
              member_id: p.kind === 'member' ? personId : null,
              supporter_id: p.kind === 'supporter' ? personId : null,
              marked_at: tx.at,
            });
          } else if (mine.deleted_at !== null) {
            tx.restore('event_attendance', id);
            tx.update('event_attendance', id, { marked_at: tx.at });
          }
        } else {
          const live = tx.sqlite
            .prepare(
              `SELECT id FROM event_attendance WHERE event_id = ? AND ${column} = ? AND deleted_at IS NULL`,
            )
            .pluck()
            .all(eventId, personId) as string[];
          for (const id of live) tx.softDelete('event_attendance', id);
        }
      });
    });
    return this.roster(eventId);
  }

  /** A walk-in nobody has on record: a new supporter, an application at the door and the mark, at once. */
  walkIn(input: {
    eventId: string;
    name: string;
    nameKana: string | null;
    headCount: number;
  }): ApplicationResult {
    requireStaff(this.ctx);
    const event = this.events.row(input.eventId);
    const made = this.ctx.writer.write(this.ctx.actor, (tx) => {
      const supporterId = tx.insert('supporter', {
        name: input.name,
        name_kana: input.nameKana,
        home_prefecture: null,
        home_city: null,
        phone: null,
        email: null,
        connections: JSON.stringify(['event']),
        connection_other: null,
        first_connected_on: japanDayOf(event.starts_at),
        contact_consent: 0,
        contact_channels: '[]',
        family_member_id: null,
        merged_into: null,
        note: null,
        erased_at: null,
      });
      const app = this.insert(tx, {
        eventId: input.eventId,
        familyId: null,
        memberIds: [],
        supporterId,
        headCount: input.headCount,
        whenFull: 'accept',
        walkIn: true,
        note: null,
      });
      tx.insert('event_attendance', {
        id: attendanceMarkId(input.eventId, `supporter:${supporterId}`, this.ctx.deviceId),
        event_id: input.eventId,
        application_id: app.id,
        family_id: null,
        member_id: null,
        supporter_id: supporterId,
        marked_at: tx.at,
      });
      return app;
    });
    return this.result(made.id, made.full, []);
  }

  row(id: string): ApplicationRow {
    const row = this.ctx.sqlite.prepare('SELECT * FROM event_application WHERE id = ?').get(id) as
      | ApplicationRow
      | undefined;
    if (!row || row.deleted_at || row.municipality_id !== this.ctx.actor.municipalityId) {
      throw new AppError('NOT_FOUND', `application ${id} not found`, 'id');
    }
    return row;
  }

  private result(id: string, full: boolean, promoted: string[]): ApplicationResult {
    return { application: this.view(this.row(id)), full, promoted };
  }

  private view(row: ApplicationRow): ApplicationView {
    const all = this.ctx.sqlite
      .prepare('SELECT * FROM event_application WHERE event_id = ? AND deleted_at IS NULL')
      .all(row.event_id) as ApplicationRow[];
    return this.views(all).find((v) => v.id === row.id) as ApplicationView;
  }

  /** Views of one event's applications (the waiting positions need all of them). */
  private views(rows: readonly ApplicationRow[]): ApplicationView[] {
    if (rows.length === 0) return [];
    const eventId = (rows[0] as ApplicationRow).event_id;
    const marks = this.ctx.sqlite
      .prepare(
        'SELECT DISTINCT member_id, supporter_id FROM event_attendance WHERE event_id = ? AND deleted_at IS NULL',
      )
      .all(eventId) as { member_id: string | null; supporter_id: string | null }[];
    const markedMembers = new Set(marks.map((m) => m.member_id).filter((m): m is string => m !== null));
    const markedSupporters = new Set(marks.map((m) => m.supporter_id).filter((m): m is string => m !== null));
    const waiting = rows
      .filter((r) => r.status === 'waiting')
      .sort((a, b) => a.applied_at.localeCompare(b.applied_at) || a.id.localeCompare(b.id))
      .map((r) => r.id);
    const family = this.ctx.sqlite.prepare('SELECT family_name, family_name_kana FROM family WHERE id = ?');
    const member = this.ctx.sqlite.prepare('SELECT given_name FROM family_member WHERE id = ?').pluck();
    const supporter = this.ctx.sqlite.prepare('SELECT name, name_kana FROM supporter WHERE id = ?');
    return rows.map((r) => {
      let name = '';
      let nameKana: string | null = null;
      let people: ApplicationPerson[];
      if (r.family_id !== null) {
        const f = family.get(r.family_id) as { family_name: string; family_name_kana: string } | undefined;
        name = f?.family_name ?? '';
        nameKana = f?.family_name_kana || null;
        people = parseCodes(r.member_ids).map((id) => ({
          kind: 'member' as const,
          id,
          name: (member.get(id) as string | undefined) ?? '',
          attended: markedMembers.has(id),
        }));
      } else {
        const s = supporter.get(r.supporter_id) as { name: string; name_kana: string | null } | undefined;
        name = s?.name ?? '';
        nameKana = s?.name_kana ?? null;
        people = [
          {
            kind: 'supporter',
            id: r.supporter_id as string,
            name,
            attended: markedSupporters.has(r.supporter_id as string),
          },
        ];
      }
      const marked = people.some((p) => p.attended);
      const position = waiting.indexOf(r.id);
      return {
        id: r.id,
        eventId: r.event_id,
        familyId: r.family_id,
        supporterId: r.supporter_id,
        name,
        nameKana,
        people,
        headCount: r.head_count,
        status: applicationStatusFor(r.status, marked),
        storedStatus: r.status as ApplicationStatus,
        appliedAt: r.applied_at,
        walkIn: r.walk_in === 1,
        note: r.note,
        waitingPosition: position >= 0 && !marked ? position + 1 : null,
      };
    });
  }
}
