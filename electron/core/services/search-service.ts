import { type Kysely, sql } from 'kysely';
import type { Role } from '../../../shared/domain/enums.ts';
import { canSeeSensitive } from '../../../shared/domain/permissions.ts';
import type { SearchHit } from '../../../shared/ipc/views.ts';
import { normalizeForSearch } from '../../../shared/text/search-normalize.ts';
import type { DB } from '../db/schema.ts';
import type { SearchIndex } from '../search/search-index.ts';
import type { Actor } from '../write/record-writer.ts';

/** One search box over families, properties and events (the shell's quick search). */
export class SearchService {
  private readonly db: Kysely<DB>;
  private readonly index: SearchIndex;
  private readonly actor: Actor;
  private readonly seesOwners: boolean;

  constructor(db: Kysely<DB>, index: SearchIndex, actor: Actor, role: Role) {
    this.db = db;
    this.index = index;
    this.actor = actor;
    this.seesOwners = canSeeSensitive(role);
  }

  async search(query: string, limit: number): Promise<SearchHit[]> {
    const match = this.index.matchClause(query);
    if (match === null) return [];
    const hits = await this.db
      .selectFrom('search_doc')
      .select(['kind', 'ref_id'])
      .where('municipality_id', '=', this.actor.municipalityId)
      // The quick search shows these kinds; supporters are searched in their register (role-gated).
      .where('kind', 'in', ['family', 'property', 'event'])
      .where('rowid', 'in', (eb) =>
        eb.selectFrom('search_index').select('rowid').where(sql<boolean>`search_index MATCH ${match}`),
      )
      .orderBy('kind')
      .orderBy('sort_key')
      .limit(limit)
      .execute();
    const ids = (kind: string) => hits.filter((h) => h.kind === kind).map((h) => h.ref_id);
    const [families, properties, events] = await Promise.all([
      this.fetch('family', ids('family'), (eb) =>
        eb.selectFrom('family').select(['id', 'family_name as title', 'family_name_kana as subtitle']),
      ),
      this.fetch('property', ids('property'), (eb) =>
        // A house known only by its 地番 (island style) is named by it.
        eb
          .selectFrom('property')
          .select([
            'id',
            sql<string>`coalesce(nullif(address, ''), lot_number, '')`.as('title'),
            'lot_number as subtitle',
          ]),
      ),
      this.fetch('event', ids('event'), (eb) =>
        eb.selectFrom('event').select(['id', 'title', 'place as subtitle']),
      ),
    ]);
    return [...families, ...(await this.shownToThisRole(properties, query)), ...events];
  }

  /**
   * A house's search document holds its owner's name and furigana. For a role that may not see owners,
   * a house is kept only when the typed text is in what it shows (整理番号, 住居表示, 地番, 地区), so that
   * typing a name never reveals which house that person owns.
   */
  private async shownToThisRole(hits: SearchHit[], query: string): Promise<SearchHit[]> {
    if (this.seesOwners || hits.length === 0) return hits;
    const typed = normalizeForSearch(query);
    const rows = await this.db
      .selectFrom('property')
      .select(['id', 'ref_number', 'address', 'lot_number', 'district'])
      .where(
        'id',
        'in',
        hits.map((h) => h.id),
      )
      .execute();
    const visible = new Set(
      rows
        .filter((r) =>
          [r.ref_number, r.address, r.lot_number, r.district].some(
            (part) => typed !== '' && normalizeForSearch(part ?? '').includes(typed),
          ),
        )
        .map((r) => r.id),
    );
    return hits.filter((h) => visible.has(h.id));
  }

  private async fetch(
    kind: SearchHit['kind'],
    ids: string[],
    build: (db: Kysely<DB>) => {
      where: (
        col: 'id',
        op: 'in',
        v: string[],
      ) => { execute: () => Promise<{ id: string; title: string; subtitle: string | null }[]> };
    },
  ): Promise<SearchHit[]> {
    if (ids.length === 0) return [];
    const rows = await build(this.db).where('id', 'in', ids).execute();
    return rows.map((r) => ({ kind, id: r.id, title: r.title, subtitle: r.subtitle }));
  }
}
