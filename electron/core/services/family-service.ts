import { type Kysely, sql } from 'kysely';
import { ageOn } from '../../../shared/domain/dates.ts';
import type { FamilySort, Programme, Relation, StayStatus } from '../../../shared/domain/enums.ts';
import type { FamilyFields } from '../../../shared/domain/records.ts';
import { AppError } from '../../../shared/errors.ts';
import type {
  FamilyDetail,
  FamilyPage,
  FamilyPerson,
  FamilyStayGlance,
  FamilySummary,
  HistoryEntry,
} from '../../../shared/ipc/views.ts';
import { type FamilyLinkedTable, PERSONAL, personalLeft } from '../../../shared/sync/personal.ts';
import type { DB } from '../db/schema.ts';
import type { SearchIndex } from '../search/search-index.ts';
import { rowsAboutFamily, scrubLocalConflicts, scrubOutbox } from '../write/erasure.ts';
import type { Actor, RecordWriter } from '../write/record-writer.ts';
import type { EnquiryService } from './enquiry-service.ts';
import { familyColumns } from './family-columns.ts';
import { memberViews } from './member-service.ts';
import type { StayService } from './stay-service.ts';

export interface FamilyListQuery {
  query: string;
  offset: number;
  limit: number;
  programme?: Programme | undefined;
  stayStatus?: StayStatus | undefined;
  from?: string | undefined;
  to?: string | undefined;
  area?: string | undefined;
  sort?: FamilySort | undefined;
}

/** Parents first, then children, then others; each group by birth date (eldest first). */
const RELATION_ORDER: Record<Relation, number> = { parent: 0, child: 1, other: 2 };

const FAMILY_LIST_COLUMNS = [
  'f.id',
  'f.family_name',
  'f.family_name_kana',
  'f.home_prefecture',
  'f.home_city',
  'f.phone',
  'f.erased_at',
] as const;

export class FamilyService {
  private readonly db: Kysely<DB>;
  private readonly today: () => string;
  private readonly writer: RecordWriter;
  private readonly search: SearchIndex;
  private readonly actor: Actor;
  private readonly stays: StayService;
  private readonly enquiries: EnquiryService;
  private readonly actorName: (id: string) => string | null;

  constructor(
    db: Kysely<DB>,
    writer: RecordWriter,
    search: SearchIndex,
    actor: Actor,
    related: {
      stays: StayService;
      enquiries: EnquiryService;
      actorName: (id: string) => string | null;
      /** Today in Japan (YYYY-MM-DD): who is in town, and everyone's age. */
      today: () => string;
    },
  ) {
    this.db = db;
    this.writer = writer;
    this.search = search;
    this.actor = actor;
    this.stays = related.stays;
    this.enquiries = related.enquiries;
    this.actorName = related.actorName;
    this.today = related.today;
  }

  /** The family list, optionally narrowed by the Japanese search and stay filters; in 五十音順. */
  async list(q: FamilyListQuery): Promise<FamilyPage> {
    const match = this.search.matchClause(q.query);
    return match === null ? this.listAll(q) : this.listMatching(match, q);
  }

  /** Families with at least one stay matching every given stay filter, or null when none is given. */
  private stayFilter(q: FamilyListQuery) {
    if (!q.programme && !q.stayStatus && !q.from && !q.to && !q.area) return null;
    const area = q.area ? `%${q.area.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
    return this.db
      .selectFrom('stay as s')
      .leftJoin('property as p', 'p.id', 's.lodging_property_id')
      .select('s.family_id')
      .where('s.municipality_id', '=', this.actor.municipalityId)
      .where('s.deleted_at', 'is', null)
      .$if(q.programme !== undefined, (qb) => qb.where('s.programme', '=', q.programme as string))
      .$if(q.stayStatus !== undefined, (qb) => qb.where('s.status', '=', q.stayStatus as string))
      .$if(q.from !== undefined, (qb) => qb.where('s.departure', '>=', q.from as string))
      .$if(q.to !== undefined, (qb) => qb.where('s.arrival', '<=', q.to as string))
      .$if(area !== null, (qb) =>
        qb.where((eb) =>
          eb.or([
            eb(sql`p.address`, 'like', sql`${area} ESCAPE '\\'`),
            eb(sql`s.lodging_text`, 'like', sql`${area} ESCAPE '\\'`),
          ]),
        ),
      );
  }

  private async listAll(q: FamilyListQuery): Promise<FamilyPage> {
    const stays = this.stayFilter(q);
    const base = this.db
      .selectFrom('family as f')
      .where('f.municipality_id', '=', this.actor.municipalityId)
      .where('f.deleted_at', 'is', null)
      .$if(stays !== null, (qb) => qb.where('f.id', 'in', stays as NonNullable<typeof stays>));
    const today = this.today();
    const sort = q.sort ?? 'kana';
    const [rows, count] = await Promise.all([
      base
        .select(FAMILY_LIST_COLUMNS)
        // Erased families (empty furigana) after everyone else, not at the top of the あ行.
        .orderBy(sql`f.erased_at IS NOT NULL`)
        // In town first: here today (0), then arriving later, soonest first (1), then everyone else (2).
        .$if(sort === 'in_town', (qb) =>
          qb
            .orderBy(
              sql`CASE
                WHEN EXISTS (SELECT 1 FROM stay s WHERE s.family_id = f.id AND s.deleted_at IS NULL
                  AND s.status <> 'cancelled' AND s.arrival <= ${today} AND s.departure >= ${today}) THEN 0
                WHEN EXISTS (SELECT 1 FROM stay s WHERE s.family_id = f.id AND s.deleted_at IS NULL
                  AND s.status = 'planned' AND s.arrival > ${today}) THEN 1
                ELSE 2 END`,
            )
            .orderBy(
              sql`(SELECT min(s.arrival) FROM stay s WHERE s.family_id = f.id AND s.deleted_at IS NULL
                AND s.status = 'planned' AND s.arrival > ${today})`,
            ),
        )
        .$if(sort === 'recent', (qb) => qb.orderBy('f.updated_at', 'desc'))
        .orderBy('f.family_name_kana')
        .orderBy('f.id')
        .limit(q.limit)
        .offset(q.offset)
        .execute(),
      base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items: await this.summarise(rows), total: Number(count.n) };
  }

  /**
   * The contentless FTS index yields matching rowids only; `search_doc` (kind, town, sort key) orders
   * and pages them, and only the page's families are read.
   */
  private async listMatching(match: string, q: FamilyListQuery): Promise<FamilyPage> {
    const stays = this.stayFilter(q);
    const docs = this.db
      .selectFrom('search_doc as sd')
      .where('sd.kind', '=', sql.lit('family'))
      .where('sd.municipality_id', '=', this.actor.municipalityId)
      .where('sd.rowid', 'in', (eb) =>
        eb.selectFrom('search_index').select('rowid').where(sql<boolean>`search_index MATCH ${match}`),
      )
      .$if(stays !== null, (qb) => qb.where('sd.ref_id', 'in', stays as NonNullable<typeof stays>));
    const [page, count] = await Promise.all([
      docs
        .select('sd.ref_id')
        .orderBy('sd.sort_key')
        .orderBy('sd.ref_id')
        .limit(q.limit)
        .offset(q.offset)
        .execute(),
      docs.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    const ids = page.map((p) => p.ref_id);
    const rows =
      ids.length === 0
        ? []
        : await this.db
            .selectFrom('family as f')
            .select(FAMILY_LIST_COLUMNS)
            .where('f.id', 'in', ids)
            .where('f.municipality_id', '=', this.actor.municipalityId)
            .execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    const ordered = ids.flatMap((id) => {
      const row = byId.get(id);
      return row ? [row] : [];
    });
    return { items: await this.summarise(ordered), total: Number(count.n) };
  }

  async get(id: string): Promise<FamilyDetail> {
    const row = await this.db
      .selectFrom('family')
      .selectAll()
      .where('id', '=', id)
      .where('municipality_id', '=', this.actor.municipalityId)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', `family ${id} not found`, 'id');
    const [[summary], members, stays, enquiries] = await Promise.all([
      this.summarise([row]),
      memberViews(this.db, this.actor, { familyId: id }),
      this.stays.listForFamily(id),
      this.enquiries.list({ familyId: id }),
    ]);
    return {
      ...(summary as FamilySummary),
      homePostalCode: row.home_postal_code,
      email: row.email,
      emergencyContactName: row.emergency_contact_name,
      emergencyContactPhone: row.emergency_contact_phone,
      referralSource: row.referral_source,
      consentPhoto: row.consent_photo === 1,
      consentShare: row.consent_share === 1,
      notes: row.notes,
      members,
      stays,
      enquiries,
    };
  }

  async create(fields: FamilyFields): Promise<FamilyDetail> {
    const id = this.writer.write(this.actor, (tx) =>
      tx.insert('family', { ...familyColumns(fields), erased_at: null }),
    );
    return this.get(id);
  }

  async update(id: string, fields: FamilyFields): Promise<FamilyDetail> {
    this.writer.write(this.actor, (tx) => {
      const erased = tx.sqlite.prepare('SELECT erased_at FROM family WHERE id = ?').pluck().get(id);
      if (erased) throw new AppError('FAMILY_ERASED', 'validation.familyErased', 'id');
      tx.update('family', id, familyColumns(fields));
    });
    return this.get(id);
  }

  /**
   * Erase on request: the personal columns (shared/sync/personal.ts) of the family and of every row
   * about it — members, stays, check-ins, enquiries, attendance, stay members, attachments — are
   * wiped, together with their copies in the outbox and in conflict records; dates, programmes and
   * counts stay for the KPIs. The family name must be typed back. An erased family may be erased
   * again (no name to type any more): a clean-up that wipes whatever a colleague's write added since.
   */
  async erase(id: string, confirmName: string): Promise<FamilyDetail> {
    this.writer.write(this.actor, (tx) => {
      const family = tx.sqlite
        .prepare('SELECT family_name, erased_at, municipality_id, deleted_at FROM family WHERE id = ?')
        .get(id) as
        | {
            family_name: string;
            erased_at: string | null;
            municipality_id: string;
            deleted_at: string | null;
          }
        | undefined;
      if (!family || family.deleted_at || family.municipality_id !== this.actor.municipalityId) {
        throw new AppError('NOT_FOUND', `family ${id} not found`, 'id');
      }
      const same = (a: string) => a.normalize('NFKC').replace(/\s+/g, '');
      if (!family.erased_at && (same(confirmName) === '' || same(confirmName) !== same(family.family_name))) {
        throw new AppError('VALIDATION_FAILED', 'validation.confirmNameMismatch', 'confirmName');
      }
      // The family's erase always travels (a clean-up too): it is what makes the server sweep every
      // row it holds about the family, including rows this laptop never had.
      tx.erase('family', id, { ...PERSONAL.family.wipe, erased_at: family.erased_at ?? tx.at });
      const about = rowsAboutFamily(tx.sqlite, id);
      for (const row of about) {
        if (row.table === 'family') continue;
        const table = row.table as Exclude<FamilyLinkedTable, 'family'>;
        const values = tx.sqlite.prepare(`SELECT * FROM ${table} WHERE id = ?`).get(row.id) as Record<
          string,
          string | number | null
        >;
        if (personalLeft(table, values).length > 0) tx.erase(table, row.id, PERSONAL[table].wipe as never);
      }
      scrubOutbox(tx.sqlite, about);
      scrubLocalConflicts(tx.sqlite, about);
    });
    return this.get(id);
  }

  /** Who changed what and when, for the family and everything that belongs to it (newest first). */
  async history(id: string): Promise<HistoryEntry[]> {
    const rows = await sql<{
      at: string;
      actor_id: string;
      action: string;
      table_name: string;
      row_id: string;
      details: string | null;
    }>`
      SELECT at, actor_id, action, table_name, row_id, details FROM audit_log
      WHERE municipality_id = ${this.actor.municipalityId} AND (
        (table_name = 'family' AND row_id = ${id})
        OR (table_name = 'family_member' AND row_id IN (SELECT id FROM family_member WHERE family_id = ${id}))
        OR (table_name = 'stay' AND row_id IN (SELECT id FROM stay WHERE family_id = ${id}))
        OR (table_name = 'checkin' AND row_id IN (SELECT id FROM checkin WHERE family_id = ${id}))
        OR (table_name = 'enquiry' AND row_id IN (SELECT id FROM enquiry WHERE family_id = ${id})))
      ORDER BY id DESC LIMIT 500`.execute(this.db);
    const audited = rows.rows.map(
      (r): HistoryEntry => ({
        at: r.at,
        actorName: this.actorName(r.actor_id),
        action: r.action as HistoryEntry['action'],
        table: r.table_name,
        rowId: r.row_id,
        fields: r.details ? ((JSON.parse(r.details) as { fields?: string[] }).fields ?? []) : [],
      }),
    );
    const conflicts = await this.conflictHistory(id);
    if (conflicts.length === 0) return audited;
    // Newest first; a stable sort keeps the audit log's own order among equal times.
    return [...audited, ...conflicts].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  }

  /**
   * Sync conflicts on the family, its members and its stays (the conflict records arrive with sync):
   * when each opened, and when and by whom it was settled.
   */
  private async conflictHistory(id: string): Promise<HistoryEntry[]> {
    const rows = await sql<{
      id: string;
      table_name: string;
      row_id: string;
      field: string;
      kind: 'overwrite' | 'edit_vs_delete';
      created_at: string;
      resolved_at: string | null;
      resolved_by: string | null;
      resolution: string | null;
    }>`
      SELECT id, table_name, row_id, field, kind, created_at, resolved_at, resolved_by, resolution
      FROM sync_conflict
      WHERE municipality_id = ${this.actor.municipalityId} AND deleted_at IS NULL AND (
        (table_name = 'family' AND row_id = ${id})
        OR (table_name = 'family_member' AND row_id IN (SELECT id FROM family_member WHERE family_id = ${id}))
        OR (table_name = 'stay' AND row_id IN (SELECT id FROM stay WHERE family_id = ${id})))
      ORDER BY created_at DESC LIMIT 200`.execute(this.db);
    return rows.rows.flatMap((r) => {
      const conflict = { id: r.id, kind: r.kind, resolution: r.resolution };
      const base = { table: r.table_name, rowId: r.row_id, fields: r.field.split('+'), conflict };
      const opened: HistoryEntry = { ...base, at: r.created_at, actorName: null, action: 'conflict' };
      if (r.resolved_at === null) return [opened];
      return [{ ...base, at: r.resolved_at, actorName: r.resolved_by, action: 'conflict_resolved' }, opened];
    });
  }

  /** Adds member counts and the latest stay to a page of family rows (one query for the page). */
  private async summarise(
    rows: {
      id: string;
      family_name: string;
      family_name_kana: string;
      home_prefecture: string | null;
      home_city: string | null;
      phone: string | null;
      erased_at: string | null;
    }[],
  ): Promise<FamilySummary[]> {
    if (rows.length === 0) return [];
    const ids = JSON.stringify(rows.map((r) => r.id));
    const extras = await sql<{
      family_id: string;
      member_count: number;
      child_count: number;
      last_arrival: string | null;
      last_programme: string | null;
    }>`
      SELECT ids.value AS family_id,
        (SELECT count(*) FROM family_member m WHERE m.family_id = ids.value AND m.deleted_at IS NULL) AS member_count,
        (SELECT count(*) FROM family_member m WHERE m.family_id = ids.value AND m.deleted_at IS NULL
           AND m.relation = 'child') AS child_count,
        (SELECT s.arrival FROM stay s WHERE s.family_id = ids.value AND s.deleted_at IS NULL
           ORDER BY s.arrival DESC LIMIT 1) AS last_arrival,
        (SELECT s.programme FROM stay s WHERE s.family_id = ids.value AND s.deleted_at IS NULL
           ORDER BY s.arrival DESC LIMIT 1) AS last_programme
      FROM json_each(${ids}) AS ids`.execute(this.db);
    const byId = new Map(extras.rows.map((e) => [e.family_id, e]));
    const [people, stays] = await Promise.all([this.peopleOf(ids), this.stayGlances(ids)]);
    return rows.map((r) => {
      const e = byId.get(r.id);
      return {
        people: people.get(r.id) ?? [],
        stay: stays.get(r.id) ?? null,
        id: r.id,
        familyName: r.family_name,
        familyNameKana: r.family_name_kana,
        homePrefecture: r.home_prefecture,
        homeCity: r.home_city,
        phone: r.phone,
        memberCount: e?.member_count ?? 0,
        childCount: e?.child_count ?? 0,
        lastStayArrival: e?.last_arrival ?? null,
        lastStayProgramme: (e?.last_programme as Programme | null) ?? null,
        erased: r.erased_at !== null,
      };
    });
  }

  /** The given names and ages of each family's members, parents first. */
  private async peopleOf(idsJson: string): Promise<Map<string, FamilyPerson[]>> {
    const today = this.today();
    const rows = await sql<{
      family_id: string;
      given_name: string;
      relation: Relation;
      birth_date: string | null;
    }>`
      SELECT m.family_id, m.given_name, m.relation, m.birth_date
      FROM family_member m
      WHERE m.family_id IN (SELECT value FROM json_each(${idsJson})) AND m.deleted_at IS NULL`.execute(
      this.db,
    );
    const sorted = [...rows.rows].sort(
      (a, b) =>
        RELATION_ORDER[a.relation] - RELATION_ORDER[b.relation] ||
        (a.birth_date ?? '9999').localeCompare(b.birth_date ?? '9999'),
    );
    const out = new Map<string, FamilyPerson[]>();
    for (const m of sorted) {
      const list = out.get(m.family_id) ?? [];
      list.push({
        givenName: m.given_name,
        relation: m.relation,
        age: m.birth_date && m.birth_date <= today ? ageOn(m.birth_date, today) : null,
      });
      out.set(m.family_id, list);
    }
    return out;
  }

  /** Each family's stay to show at a glance: in town today, else the next planned, else the last. */
  private async stayGlances(idsJson: string): Promise<Map<string, FamilyStayGlance>> {
    const today = this.today();
    const rows = await sql<{
      family_id: string;
      arrival: string;
      departure: string;
      programme: Programme;
      status: StayStatus;
      rank: number;
    }>`
      SELECT family_id, arrival, departure, programme, status, rank FROM (
        SELECT s.family_id, s.arrival, s.departure, s.programme, s.status,
          CASE WHEN s.arrival <= ${today} AND s.departure >= ${today} THEN 0
               WHEN s.arrival > ${today} THEN 1 ELSE 2 END AS rank,
          row_number() OVER (
            PARTITION BY s.family_id
            ORDER BY CASE WHEN s.arrival <= ${today} AND s.departure >= ${today} THEN 0
                          WHEN s.arrival > ${today} THEN 1 ELSE 2 END,
              CASE WHEN s.arrival > ${today} THEN s.arrival END ASC,
              s.arrival DESC
          ) AS n
        FROM stay s
        WHERE s.family_id IN (SELECT value FROM json_each(${idsJson}))
          AND s.deleted_at IS NULL AND s.status <> 'cancelled'
      ) WHERE n = 1`.execute(this.db);
    const when = ['in_town', 'next', 'past'] as const;
    return new Map(
      rows.rows.map((r) => [
        r.family_id,
        {
          when: when[r.rank] ?? 'past',
          arrival: r.arrival,
          departure: r.departure,
          programme: r.programme,
          status: r.status,
        },
      ]),
    );
  }
}
