import { type Kysely, sql } from 'kysely';
import type { Programme, Relation, StayStatus } from '../../../shared/domain/enums.ts';
import type { FamilyFields } from '../../../shared/domain/records.ts';
import { AppError } from '../../../shared/errors.ts';
import type { FamilyDetail, FamilyPage, FamilySummary } from '../../../shared/ipc/views.ts';
import type { DB } from '../db/schema.ts';
import type { SearchIndex } from '../search/search-index.ts';
import type { Actor, RecordWriter } from '../write/record-writer.ts';

export interface FamilyListQuery {
  query: string;
  offset: number;
  limit: number;
}

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
  private readonly writer: RecordWriter;
  private readonly search: SearchIndex;
  private readonly actor: Actor;

  constructor(db: Kysely<DB>, writer: RecordWriter, search: SearchIndex, actor: Actor) {
    this.db = db;
    this.writer = writer;
    this.search = search;
    this.actor = actor;
  }

  /** The family list, optionally narrowed by the Japanese search; ordered by furigana (五十音順). */
  async list({ query, offset, limit }: FamilyListQuery): Promise<FamilyPage> {
    const match = this.search.matchClause(query);
    return match === null ? this.listAll(offset, limit) : this.listMatching(match, offset, limit);
  }

  private async listAll(offset: number, limit: number): Promise<FamilyPage> {
    const base = this.db
      .selectFrom('family as f')
      .where('f.municipality_id', '=', this.actor.municipalityId)
      .where('f.deleted_at', 'is', null);
    const [rows, count] = await Promise.all([
      base
        .select(FAMILY_LIST_COLUMNS)
        .orderBy('f.family_name_kana')
        .orderBy('f.id')
        .limit(limit)
        .offset(offset)
        .execute(),
      base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items: await this.summarise(rows), total: Number(count.n) };
  }

  /**
   * The contentless FTS index yields matching rowids only; `search_doc` (kind, town, sort key) orders
   * and pages them, and only the page's families are read.
   */
  private async listMatching(match: string, offset: number, limit: number): Promise<FamilyPage> {
    const docs = this.db
      .selectFrom('search_doc as sd')
      .where('sd.kind', '=', sql.lit('family'))
      .where('sd.municipality_id', '=', this.actor.municipalityId)
      .where('sd.rowid', 'in', (eb) =>
        eb.selectFrom('search_index').select('rowid').where(sql<boolean>`search_index MATCH ${match}`),
      );
    const [page, count] = await Promise.all([
      docs
        .select('sd.ref_id')
        .orderBy('sd.sort_key')
        .orderBy('sd.ref_id')
        .limit(limit)
        .offset(offset)
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
    const [summary] = await this.summarise([row]);
    const members = await this.db
      .selectFrom('family_member')
      .select(['id', 'given_name', 'given_name_kana', 'relation', 'birth_date', 'grade'])
      .where('family_id', '=', id)
      .where('deleted_at', 'is', null)
      .orderBy(sql`relation = 'child'`)
      .orderBy('birth_date')
      .execute();
    const stays = await this.db
      .selectFrom('stay as s')
      .leftJoin('property as p', 'p.id', 's.lodging_property_id')
      .select(['s.id', 's.programme', 's.status', 's.arrival', 's.departure', 's.lodging_text', 'p.address'])
      .where('s.family_id', '=', id)
      .where('s.deleted_at', 'is', null)
      .orderBy('s.arrival', 'desc')
      .execute();
    return {
      ...(summary as FamilySummary),
      email: row.email,
      members: members.map((m) => ({
        id: m.id,
        givenName: m.given_name,
        givenNameKana: m.given_name_kana,
        relation: m.relation as Relation,
        birthDate: m.birth_date,
        grade: m.grade,
      })),
      stays: stays.map((s) => ({
        id: s.id,
        programme: s.programme as Programme,
        status: s.status as StayStatus,
        arrival: s.arrival,
        departure: s.departure,
        lodging: s.address ?? s.lodging_text,
      })),
    };
  }

  async create(fields: FamilyFields): Promise<FamilyDetail> {
    const id = this.writer.write(this.actor, (tx) =>
      tx.insert('family', {
        family_name: fields.familyName,
        family_name_kana: fields.familyNameKana,
        home_prefecture: fields.homePrefecture,
        home_city: fields.homeCity,
        phone: fields.phone,
        email: fields.email,
        emergency_contact_name: fields.emergencyContactName,
        emergency_contact_phone: fields.emergencyContactPhone,
        referral_source: fields.referralSource,
        consent_photo: fields.consentPhoto ? 1 : 0,
        consent_share: fields.consentShare ? 1 : 0,
        notes: fields.notes,
        erased_at: null,
      }),
    );
    return this.get(id);
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
    return rows.map((r) => {
      const e = byId.get(r.id);
      return {
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
}
