import { type Kysely, sql } from 'kysely';
import type { SearchHit } from '../../../shared/ipc/views.ts';
import type { DB } from '../db/schema.ts';
import type { SearchIndex } from '../search/search-index.ts';
import type { Actor } from '../write/record-writer.ts';

/** One search box over families, properties and events (the shell's quick search). */
export class SearchService {
  private readonly db: Kysely<DB>;
  private readonly index: SearchIndex;
  private readonly actor: Actor;

  constructor(db: Kysely<DB>, index: SearchIndex, actor: Actor) {
    this.db = db;
    this.index = index;
    this.actor = actor;
  }

  async search(query: string, limit: number): Promise<SearchHit[]> {
    const match = this.index.matchClause(query);
    if (match === null) return [];
    const hits = await this.db
      .selectFrom('search_doc')
      .select(['kind', 'ref_id'])
      .where('municipality_id', '=', this.actor.municipalityId)
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
    return [...families, ...properties, ...events];
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
