import type { ContactChannel, SupporterConnection } from '../../../shared/domain/enums.ts';
import type { SupporterFields } from '../../../shared/domain/inputs/events.ts';
import { AppError } from '../../../shared/errors.ts';
import type {
  DuplicateCandidate,
  DuplicateReason,
  SupporterContact,
  SupporterPage,
  SupporterSummary,
  SupporterView,
} from '../../../shared/ipc/views/community-events.ts';
import { PERSONAL } from '../../../shared/sync/personal.ts';
import { normalizeEmail, normalizePhone } from '../../../shared/text/contact.ts';
import { normalizeForSearch } from '../../../shared/text/search-normalize.ts';
import type { SearchIndex } from '../search/search-index.ts';
import { applicationStatusFor } from './event-application-view.ts';
import { type EventsContext, parseCodes, requireStaff, sameName } from './event-context.ts';
import { PersonResolver } from './event-people.ts';

interface SupporterRow {
  id: string;
  municipality_id: string;
  name: string;
  name_kana: string | null;
  home_prefecture: string | null;
  home_city: string | null;
  phone: string | null;
  email: string | null;
  connections: string;
  connection_other: string | null;
  first_connected_on: string | null;
  contact_consent: number;
  contact_channels: string;
  family_member_id: string | null;
  merged_into: string | null;
  note: string | null;
  erased_at: string | null;
  deleted_at: string | null;
}

/** The columns only `contact` returns, and its audit row names. */
const CONTACT_FIELDS = ['phone', 'email', 'note'] as const;

/** The same name whatever the width, kana or spacing it was typed in (shared/text/search-normalize.ts). */
const sameText = (a: string | null, b: string | null) =>
  a !== null && b !== null && normalizeForSearch(a) !== '' && normalizeForSearch(a) === normalizeForSearch(b);

/**
 * The supporters' register (関係人口名簿): people connected to the town who are not a visiting family.
 * Staff only; every view of one supporter's contact details is written to the audit log.
 */
export class SupporterService {
  private readonly ctx: EventsContext;
  private readonly search: SearchIndex;

  constructor(ctx: EventsContext, search: SearchIndex) {
    this.ctx = ctx;
    this.search = search;
  }

  /**
   * The register in 五十音順 (erased ones last), or the Japanese search's matches. A record merged into
   * another is not listed: the one kept stands for both.
   */
  list(q: {
    query: string;
    connection?: SupporterConnection | undefined;
    consent?: boolean | undefined;
    offset: number;
    limit: number;
  }): SupporterPage {
    requireStaff(this.ctx);
    const match = this.search.matchClause(q.query);
    const visible = this.visibleClause();
    const where = `s.municipality_id = ? AND s.deleted_at IS NULL AND ${visible.sql}
      ${match === null ? '' : `AND s.id IN (SELECT d.ref_id FROM search_doc d WHERE d.kind = 'supporter' AND d.rowid IN (SELECT rowid FROM search_index WHERE search_index MATCH ?))`}
      ${q.connection === undefined ? '' : 'AND EXISTS (SELECT 1 FROM json_each(s.connections) c WHERE c.value = ?)'}
      ${q.consent === undefined ? '' : 'AND s.contact_consent = ?'}`;
    const params: unknown[] = [
      this.ctx.actor.municipalityId,
      ...visible.params,
      ...(match === null ? [] : [match]),
      ...(q.connection === undefined ? [] : [q.connection]),
      ...(q.consent === undefined ? [] : [q.consent ? 1 : 0]),
    ];
    const total = this.ctx.sqlite
      .prepare(`SELECT count(*) FROM supporter s WHERE ${where}`)
      .pluck()
      .get(...params) as number;
    const rows = this.ctx.sqlite
      .prepare(
        // Events attended: distinct events with a live mark of this record or one merged straight into
        // it (the register lists only kept records, so a page of 100 costs 100 index lookups).
        `SELECT s.*, (SELECT count(DISTINCT t.event_id) FROM event_attendance t
                       WHERE t.deleted_at IS NULL
                         AND (t.supporter_id = s.id
                              OR t.supporter_id IN (SELECT m.id FROM supporter m WHERE m.merged_into = s.id))
                     ) AS events_attended
           FROM supporter s WHERE ${where}
          ORDER BY s.erased_at IS NOT NULL, coalesce(nullif(s.name_kana, ''), s.name), s.id LIMIT ? OFFSET ?`,
      )
      .all(...params, q.limit, q.offset) as (SupporterRow & { events_attended: number })[];
    return { supporters: rows.map((r) => summaryOf(r, r.events_attended)), total };
  }

  /** One supporter's profile and every event of the person; no contact details (see `contact`). */
  get(id: string): SupporterView {
    requireStaff(this.ctx);
    return this.view(this.row(id));
  }

  /**
   * Phone, e-mail and note, asked for by pressing 「連絡先を表示」 (or opening the edit form): the audited
   * view. The audit row is written in the same transaction as the read, as the property owner reveal does.
   */
  contact(id: string): SupporterContact {
    requireStaff(this.ctx);
    return this.ctx.writer.write(this.ctx.actor, (tx) => {
      const row = this.row(id);
      tx.audit('view_sensitive', 'supporter', id, { fields: [...CONTACT_FIELDS] });
      return { phone: row.phone, email: row.email, note: row.note };
    });
  }

  /**
   * Likely duplicates of what is being typed: the same name and furigana, or the same phone number or
   * e-mail address, whatever the width or punctuation typed. Records merged away and erased ones are
   * never offered.
   */
  duplicates(q: {
    id?: string | undefined;
    name: string;
    nameKana?: string | null | undefined;
    phone?: string | null | undefined;
    email?: string | null | undefined;
  }): DuplicateCandidate[] {
    requireStaff(this.ctx);
    const phone = q.phone ? normalizePhone(q.phone) : null;
    // Mailboxes are matched without case: the same person types Hanako@ one day and hanako@ the next.
    const email = q.email ? (normalizeEmail(q.email)?.toLowerCase() ?? null) : null;
    const rows = this.ctx.sqlite
      .prepare(
        `SELECT * FROM supporter WHERE municipality_id = ? AND deleted_at IS NULL AND erased_at IS NULL
           AND merged_into IS NULL`,
      )
      .all(this.ctx.actor.municipalityId) as SupporterRow[];
    const out: DuplicateCandidate[] = [];
    for (const r of rows) {
      if (r.id === q.id) continue;
      const reasons: DuplicateReason[] = [];
      if (sameText(q.name, r.name)) reasons.push('name');
      if (sameText(q.nameKana ?? null, r.name_kana)) reasons.push('kana');
      if (phone !== null && r.phone !== null && normalizePhone(r.phone) === phone) reasons.push('phone');
      if (email !== null && r.email !== null && normalizeEmail(r.email)?.toLowerCase() === email)
        reasons.push('email');
      const likely =
        reasons.includes('phone') ||
        reasons.includes('email') ||
        (reasons.includes('name') &&
          (reasons.includes('kana') || q.nameKana == null || r.name_kana === null));
      if (likely) {
        out.push({
          id: r.id,
          name: r.name,
          nameKana: r.name_kana,
          homePrefecture: r.home_prefecture,
          reasons,
        });
      }
    }
    return out.sort((a, b) => b.reasons.length - a.reasons.length || a.id.localeCompare(b.id));
  }

  save(fields: SupporterFields): SupporterView {
    requireStaff(this.ctx);
    if (fields.id !== undefined) {
      const current = this.row(fields.id);
      if (current.erased_at) throw new AppError('SUPPORTER_ERASED', 'validation.supporterErased', 'id');
      if (current.merged_into)
        throw new AppError('SUPPORTER_MERGED', 'this record was merged into another', 'id');
    }
    if (!fields.notADuplicate && this.duplicates({ ...fields }).length > 0) {
      throw new AppError('SUPPORTER_LIKELY_DUPLICATE', 'a likely duplicate exists', 'name');
    }
    const values = {
      name: fields.name,
      name_kana: fields.nameKana,
      home_prefecture: fields.homePrefecture,
      home_city: fields.homeCity,
      phone: fields.phone,
      email: fields.email,
      connections: JSON.stringify(fields.connections),
      // The text describes the 「その他」 connection only: unticking it leaves no stale text behind.
      connection_other: fields.connections.includes('other') ? fields.connectionOther : null,
      first_connected_on: fields.firstConnectedOn,
      contact_consent: fields.contactConsent ? 1 : 0,
      contact_channels: JSON.stringify(fields.contactConsent ? fields.contactChannels : []),
      note: fields.note,
    };
    const id = this.ctx.writer.write(this.ctx.actor, (tx) => {
      if (fields.id === undefined) {
        return tx.insert('supporter', {
          ...values,
          family_member_id: null,
          merged_into: null,
          erased_at: null,
        });
      }
      tx.update('supporter', fields.id, values);
      return fields.id;
    });
    return this.view(this.row(id));
  }

  /**
   * Merges `mergeId` into `keepId`: the merged record points at the kept one (`merged_into`) and keeps
   * its own history; the kept one takes what it lacked (furigana, contact, home, link) and the union of
   * both's connections, with the earlier first date. Its own consent stays as it is: consent is what
   * that record's person said, never borrowed from another record.
   */
  merge(keepId: string, mergeId: string): SupporterView {
    requireStaff(this.ctx);
    const people = new PersonResolver(this.ctx.sqlite, this.ctx.actor.municipalityId);
    const keep = this.row(people.canonicalSupporter(keepId));
    const gone = this.row(people.canonicalSupporter(mergeId));
    if (keep.id === gone.id) {
      if (keepId === mergeId) throw new AppError('VALIDATION_FAILED', 'validation.mergeSelf', 'mergeId');
      return this.view(keep);
    }
    if (keep.erased_at || gone.erased_at)
      throw new AppError('SUPPORTER_ERASED', 'validation.supporterErased', 'mergeId');
    this.ctx.writer.write(this.ctx.actor, (tx) => {
      const connections = [
        ...new Set([...parseCodes(keep.connections), ...parseCodes(gone.connections)]),
      ].sort();
      const firsts = [keep.first_connected_on, gone.first_connected_on]
        .filter((d): d is string => d !== null)
        .sort();
      tx.update('supporter', keep.id, {
        name_kana: keep.name_kana ?? gone.name_kana,
        home_prefecture: keep.home_prefecture ?? gone.home_prefecture,
        connection_other: keep.connection_other ?? gone.connection_other,
        home_city: keep.home_city ?? gone.home_city,
        phone: keep.phone ?? gone.phone,
        email: keep.email ?? gone.email,
        family_member_id: keep.family_member_id ?? gone.family_member_id,
        connections: JSON.stringify(connections),
        first_connected_on: firsts[0] ?? null,
      });
      tx.update('supporter', gone.id, { merged_into: keep.id });
    });
    return this.view(this.row(keep.id));
  }

  /** Links the supporter to a family member (they came to stay), or unlinks with null. */
  linkMember(id: string, memberId: string | null): SupporterView {
    requireStaff(this.ctx);
    const row = this.row(id);
    if (row.erased_at) throw new AppError('SUPPORTER_ERASED', 'validation.supporterErased', 'id');
    if (memberId !== null) {
      const m = this.ctx.sqlite
        .prepare('SELECT municipality_id, deleted_at FROM family_member WHERE id = ?')
        .get(memberId) as { municipality_id: string; deleted_at: string | null } | undefined;
      if (!m || m.deleted_at || m.municipality_id !== this.ctx.actor.municipalityId) {
        throw new AppError('NOT_FOUND', `member ${memberId} not found`, 'memberId');
      }
    }
    this.ctx.writer.write(this.ctx.actor, (tx) => {
      tx.update('supporter', id, { family_member_id: memberId });
    });
    return this.view(this.row(id));
  }

  /**
   * Erase on request: the name must be typed back. The personal columns of the supporter, of every
   * record merged into it and of their applications' notes are wiped (the registry's `wipe`); ids,
   * prefecture, kinds of connection, dates, applications and roll-call marks stay, so every figure
   * still counts the person, anonymously.
   */
  erase(id: string, confirmName: string): SupporterView {
    requireStaff(this.ctx);
    const people = new PersonResolver(this.ctx.sqlite, this.ctx.actor.municipalityId);
    const row = this.row(people.canonicalSupporter(id));
    if (!row.erased_at && !sameName(confirmName, row.name)) {
      throw new AppError('VALIDATION_FAILED', 'validation.confirmSupporterName', 'confirmName');
    }
    const records = people.recordsOf(row.id);
    this.ctx.writer.write(this.ctx.actor, (tx) => {
      for (const sid of records) {
        const at =
          (tx.sqlite.prepare('SELECT erased_at FROM supporter WHERE id = ?').pluck().get(sid) as
            | string
            | null) ?? tx.at;
        tx.erase('supporter', sid, { ...PERSONAL.supporter.wipe, erased_at: at });
        const notes = tx.sqlite
          .prepare('SELECT id FROM event_application WHERE supporter_id = ? AND note IS NOT NULL')
          .pluck()
          .all(sid) as string[];
        for (const a of notes) tx.erase('event_application', a, { note: null });
      }
    });
    return this.view(this.row(row.id));
  }

  row(id: string): SupporterRow {
    const row = this.ctx.sqlite.prepare('SELECT * FROM supporter WHERE id = ?').get(id) as
      | SupporterRow
      | undefined;
    if (!row || row.deleted_at || row.municipality_id !== this.ctx.actor.municipalityId) {
      throw new AppError('NOT_FOUND', `supporter ${id} not found`, 'id');
    }
    return row;
  }

  /**
   * The supporters the register shows: not merged away — except the one a merge cycle keeps (two
   * laptops merged two records into each other offline), so the person never vanishes.
   */
  private visibleClause(): { sql: string; params: unknown[] } {
    const merged = this.ctx.sqlite
      .prepare('SELECT id FROM supporter WHERE municipality_id = ? AND merged_into IS NOT NULL')
      .pluck()
      .all(this.ctx.actor.municipalityId) as string[];
    if (merged.length === 0) return { sql: 's.merged_into IS NULL', params: [] };
    const people = new PersonResolver(this.ctx.sqlite, this.ctx.actor.municipalityId);
    const kept = merged.filter((id) => people.canonicalSupporter(id) === id);
    return {
      sql: '(s.merged_into IS NULL OR s.id IN (SELECT value FROM json_each(?)))',
      params: [JSON.stringify(kept)],
    };
  }

  private view(row: SupporterRow): SupporterView {
    const people = new PersonResolver(this.ctx.sqlite, this.ctx.actor.municipalityId);
    const canonical = people.canonicalSupporter(row.id);
    const records = people.recordsOf(row.id);
    const familyId = row.family_member_id
      ? ((this.ctx.sqlite
          .prepare('SELECT family_id FROM family_member WHERE id = ?')
          .pluck()
          .get(row.family_member_id) as string | undefined) ?? null)
      : null;
    const apps = this.ctx.sqlite
      .prepare(
        `SELECT a.id, a.event_id, a.status, e.title, e.starts_at,
                EXISTS (SELECT 1 FROM event_attendance t WHERE t.event_id = a.event_id AND t.deleted_at IS NULL
                          AND t.supporter_id IN (SELECT value FROM json_each(?))) AS marked
           FROM event_application a JOIN event e ON e.id = a.event_id
          WHERE a.deleted_at IS NULL AND e.deleted_at IS NULL AND a.supporter_id IN (SELECT value FROM json_each(?))
          ORDER BY e.starts_at DESC`,
      )
      .all(JSON.stringify(records), JSON.stringify(records)) as {
      id: string;
      event_id: string;
      status: string;
      title: string;
      starts_at: string;
      marked: number;
    }[];
    const attended = new Set(
      apps
        .filter((a) => applicationStatusFor(a.status, a.marked === 1) === 'attended')
        .map((a) => a.event_id),
    );
    return {
      ...summaryOf(row, attended.size),
      contactChannels: parseCodes<ContactChannel>(row.contact_channels),
      familyMemberId: row.family_member_id,
      familyId,
      mergedFrom: records.filter((r) => r !== row.id && people.canonicalSupporter(r) === row.id),
      mergedInto: canonical === row.id ? null : canonical,
      events: apps.map((a) => ({
        applicationId: a.id,
        eventId: a.event_id,
        title: a.title,
        startsAt: a.starts_at,
        status: applicationStatusFor(a.status, a.marked === 1),
      })),
    };
  }
}

function summaryOf(row: SupporterRow, eventsAttended: number): SupporterSummary {
  return {
    id: row.id,
    name: row.name,
    nameKana: row.name_kana,
    homePrefecture: row.home_prefecture,
    homeCity: row.home_city,
    connections: parseCodes<SupporterConnection>(row.connections),
    connectionOther: row.connection_other,
    firstConnectedOn: row.first_connected_on,
    contactConsent: row.contact_consent === 1,
    erased: row.erased_at !== null,
    eventsAttended,
  };
}
