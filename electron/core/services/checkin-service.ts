import type { CheckinKind, Condition } from '../../../shared/domain/enums.ts';
import type { CheckinFields } from '../../../shared/domain/records.ts';
import { AppError } from '../../../shared/errors.ts';
import type { CheckinRecorded, CheckinView, FollowUpItem, FollowUpScope } from '../../../shared/ipc/views.ts';
import type { Actor, RecordWriter, WriteTx } from '../write/record-writer.ts';

/** Daily check-ins. Append-only: a second coordinator's entry for the same day is a second row. */
export class CheckinService {
  private readonly writer: RecordWriter;
  private readonly actor: Actor;
  private readonly now: () => Date;

  constructor(writer: RecordWriter, actor: Actor, now: () => Date = () => new Date()) {
    this.writer = writer;
    this.actor = actor;
    this.now = now;
  }

  record(fields: CheckinFields): CheckinRecorded {
    const id = this.writer.write(this.actor, (tx) => {
      const stay = tx.sqlite
        .prepare(
          'SELECT family_id, status, municipality_id, deleted_at, actual_arrival FROM stay WHERE id = ?',
        )
        .get(fields.stayId) as
        | {
            family_id: string;
            status: string;
            municipality_id: string;
            deleted_at: string | null;
            actual_arrival: string | null;
          }
        | undefined;
      if (!stay || stay.deleted_at || stay.municipality_id !== this.actor.municipalityId) {
        throw new AppError('NOT_FOUND', `stay ${fields.stayId} not found`, 'stayId');
      }
      if (stay.status === 'cancelled') {
        throw new AppError('VALIDATION_FAILED', 'validation.stayCancelled', 'stayId');
      }
      if (fields.attendance.length > 0) {
        const members = new Set(
          tx.sqlite
            .prepare('SELECT id FROM family_member WHERE family_id = ? AND deleted_at IS NULL')
            .pluck()
            .all(stay.family_id) as string[],
        );
        const stranger = fields.attendance.findIndex((a) => !members.has(a.memberId));
        if (stranger >= 0) {
          throw new AppError(
            'VALIDATION_FAILED',
            'validation.notFamilyMember',
            `attendance.${stranger}.memberId`,
          );
        }
      }
      if (fields.followUpNeeded && fields.followUpOn !== null && fields.followUpOn < fields.date) {
        throw new AppError('VALIDATION_FAILED', 'validation.followUpBeforeDate', 'followUpOn');
      }
      if (fields.updateStay) this.moveStay(tx, fields, stay);
      return tx.insert('checkin', {
        stay_id: fields.stayId,
        family_id: stay.family_id,
        date: fields.date,
        recorded_at: this.now().toISOString(),
        kind: fields.kind,
        condition: fields.condition,
        note: fields.note,
        attendance: JSON.stringify(fields.attendance),
        follow_up_needed: fields.followUpNeeded ? 1 : 0,
        follow_up_on: fields.followUpNeeded ? (fields.followUpOn ?? fields.date) : null,
        follow_up_done_at: null,
      });
    });
    return { id };
  }

  /**
   * The stay's own record follows the coordinator's 到着/出発 check-in: planned → 滞在中 (arrived that
   * day), 滞在中 → 完了 (left that day). Any other pairing is refused rather than guessed.
   */
  private moveStay(
    tx: WriteTx,
    fields: CheckinFields,
    stay: { status: string; actual_arrival: string | null },
  ): void {
    if (fields.kind === 'arrival' && stay.status === 'planned') {
      tx.update('stay', fields.stayId, { status: 'in_town', actual_arrival: fields.date });
      return;
    }
    if (fields.kind === 'departure' && stay.status === 'in_town') {
      if (stay.actual_arrival !== null && fields.date < stay.actual_arrival)
        throw new AppError('VALIDATION_FAILED', 'validation.departureBeforeArrival', 'date');
      tx.update('stay', fields.stayId, { status: 'completed', actual_departure: fields.date });
      return;
    }
    throw new AppError('VALIDATION_FAILED', 'validation.stayStatusUnchanged', 'updateStay');
  }

  /**
   * Marks a check-in's follow-up as done, or (the undo of a mis-click) open again: the only change a
   * check-in ever gets after it is written. Both go through the writer, so both are audited and sync.
   */
  closeFollowUp(id: string): { id: string } {
    return this.setFollowUpDone(id, true);
  }

  reopenFollowUp(id: string): { id: string } {
    return this.setFollowUpDone(id, false);
  }

  private setFollowUpDone(id: string, done: boolean): { id: string } {
    this.writer.write(this.actor, (tx) => {
      const row = tx.sqlite
        .prepare(
          'SELECT follow_up_needed, follow_up_done_at FROM checkin WHERE id = ? AND municipality_id = ? AND deleted_at IS NULL',
        )
        .get(id, this.actor.municipalityId) as
        | { follow_up_needed: number; follow_up_done_at: string | null }
        | undefined;
      if (row?.follow_up_needed !== 1) throw new AppError('NOT_FOUND', `follow-up ${id} not found`, 'id');
      if (done && row.follow_up_done_at === null) tx.update('checkin', id, { follow_up_done_at: tx.at });
      if (!done && row.follow_up_done_at !== null) tx.update('checkin', id, { follow_up_done_at: null });
    });
    return { id };
  }

  /**
   * Open follow-ups of the whole town, the most overdue first: 'due' is on or before `today`,
   * 'overdue' strictly before it, 'open' every one still open (later ones too); `mine` keeps the ones
   * this coordinator wrote.
   */
  followUps(
    scope: FollowUpScope,
    mine: boolean,
    today: string,
    authorName: (id: string) => string | null,
  ): FollowUpItem[] {
    const where = [
      'c.municipality_id = ?',
      'c.follow_up_needed = 1',
      'c.follow_up_done_at IS NULL',
      'c.deleted_at IS NULL',
    ];
    const params: string[] = [this.actor.municipalityId];
    if (scope === 'due') {
      where.push('c.follow_up_on <= ?');
      params.push(today);
    } else if (scope === 'overdue') {
      where.push('c.follow_up_on < ?');
      params.push(today);
    }
    if (mine) {
      where.push('c.created_by = ?');
      params.push(this.actor.id);
    }
    const rows = this.writer.sqlite
      .prepare(
        `SELECT c.id, c.family_id, f.family_name, c.date, c.follow_up_on, c.condition, c.note, c.created_by
         FROM checkin c JOIN family f ON f.id = c.family_id
         WHERE ${where.join(' AND ')}
         ORDER BY c.follow_up_on, c.recorded_at LIMIT 2000`,
      )
      .all(...params) as {
      id: string;
      family_id: string;
      family_name: string;
      date: string;
      follow_up_on: string;
      condition: string;
      note: string | null;
      created_by: string;
    }[];
    return rows.map((r) => ({
      checkinId: r.id,
      familyId: r.family_id,
      familyName: r.family_name,
      checkinDate: r.date,
      followUpOn: r.follow_up_on,
      condition: r.condition as Condition,
      note: r.note,
      authorName: authorName(r.created_by),
      mine: r.created_by === this.actor.id,
    }));
  }

  /**
   * Takes back one's own check-in (the 元に戻す after a mis-click). It becomes a tombstone that syncs
   * like any delete; someone else's entry is never removed from here.
   */
  retract(id: string): { id: string } {
    this.writer.write(this.actor, (tx) => {
      const row = tx.sqlite
        .prepare('SELECT created_by FROM checkin WHERE id = ? AND municipality_id = ? AND deleted_at IS NULL')
        .get(id, this.actor.municipalityId) as { created_by: string } | undefined;
      if (!row) throw new AppError('NOT_FOUND', `check-in ${id} not found`, 'id');
      if (row.created_by !== this.actor.id)
        throw new AppError('FORBIDDEN', 'only the author can take a check-in back');
      tx.softDelete('checkin', id);
    });
    return { id };
  }

  /** A family's check-ins, newest first: every coordinator's entry, as written. */
  list(familyId: string, authorName: (id: string) => string | null): CheckinView[] {
    const rows = this.writer.sqlite
      .prepare(
        `SELECT id, stay_id, date, recorded_at, kind, condition, note, follow_up_needed, follow_up_on, follow_up_done_at, attendance, created_by
         FROM checkin WHERE family_id = ? AND municipality_id = ? AND deleted_at IS NULL
         ORDER BY date DESC, recorded_at DESC LIMIT 1000`,
      )
      .all(familyId, this.actor.municipalityId) as {
      id: string;
      stay_id: string;
      date: string;
      recorded_at: string;
      kind: string;
      condition: string;
      note: string | null;
      follow_up_needed: number;
      follow_up_on: string | null;
      follow_up_done_at: string | null;
      attendance: string;
      created_by: string;
    }[];
    return rows.map((r) => ({
      id: r.id,
      stayId: r.stay_id,
      date: r.date,
      recordedAt: r.recorded_at,
      kind: r.kind as CheckinKind,
      condition: r.condition as Condition,
      note: r.note,
      followUpNeeded: r.follow_up_needed === 1,
      followUpOn: r.follow_up_on,
      followUpDoneAt: r.follow_up_done_at,
      attendance: JSON.parse(r.attendance) as { memberId: string; attended: boolean }[],
      authorName: authorName(r.created_by),
    }));
  }
}
