import type BetterSqlite3 from 'better-sqlite3';
import { toFtsQuery, toIndexColumns } from '../../../shared/text/search-normalize.ts';
import type { AfterWriteHook } from '../write/record-writer.ts';

/**
 * Keeps the search tables (`search_doc` + the contentless FTS5 `search_index`) in step with families,
 * properties and events, and turns a typed query into an FTS5 MATCH expression.
 *
 * Documents are built here, in JavaScript, because the normaliser lives in shared/; an SQL trigger
 * could not call it. The write path runs `afterWrite` inside the same transaction as the edit, so the
 * index can never disagree with the records.
 */

export type SearchKind = 'family' | 'property' | 'event';

interface Document {
  parts: (string | null)[];
  municipalityId: string;
  sortKey: string;
}

export class SearchIndex {
  private readonly sqlite: BetterSqlite3.Database;
  private readonly stmts;

  constructor(sqlite: BetterSqlite3.Database) {
    this.sqlite = sqlite;
    this.stmts = {
      family: sqlite.prepare(
        `SELECT family_name, family_name_kana, home_prefecture, home_city, phone, emergency_contact_phone,
                municipality_id, erased_at, deleted_at FROM family WHERE id = ?`,
      ),
      members: sqlite.prepare(
        'SELECT given_name, given_name_kana FROM family_member WHERE family_id = ? AND deleted_at IS NULL',
      ),
      memberFamily: sqlite.prepare('SELECT family_id FROM family_member WHERE id = ?'),
      property: sqlite.prepare(
        'SELECT address, lot_number, owner_name, municipality_id, deleted_at FROM property WHERE id = ?',
      ),
      event: sqlite.prepare(
        'SELECT title, place, organiser, starts_at, municipality_id, deleted_at FROM event WHERE id = ?',
      ),
      findDoc: sqlite.prepare('SELECT rowid FROM search_doc WHERE kind = ? AND ref_id = ?').pluck(),
      deleteFts: sqlite.prepare('DELETE FROM search_index WHERE rowid = ?'),
      deleteDoc: sqlite.prepare('DELETE FROM search_doc WHERE rowid = ?'),
      insertDoc: sqlite.prepare(
        'INSERT INTO search_doc (kind, ref_id, municipality_id, sort_key) VALUES (?, ?, ?, ?)',
      ),
      insertFts: sqlite.prepare('INSERT INTO search_index (rowid, grams, chars) VALUES (?, ?, ?)'),
    };
  }

  readonly afterWrite: AfterWriteHook = (touched) => {
    const families = new Set<string>();
    for (const row of touched) {
      if (row.table === 'family') families.add(row.id);
      else if (row.table === 'family_member') {
        const m = this.stmts.memberFamily.get(row.id) as { family_id: string } | undefined;
        if (m) families.add(m.family_id);
      } else if (row.table === 'property' || row.table === 'event') this.reindex(row.table, row.id);
    }
    for (const id of families) this.reindex('family', id);
  };

  reindex(kind: SearchKind, id: string): void {
    const existing = this.stmts.findDoc.get(kind, id) as number | undefined;
    if (existing !== undefined) {
      this.stmts.deleteFts.run(existing);
      this.stmts.deleteDoc.run(existing);
    }
    const doc = this.buildDocument(kind, id);
    if (!doc) return;
    const { grams, chars } = toIndexColumns(doc.parts);
    const rowid = this.stmts.insertDoc.run(kind, id, doc.municipalityId, doc.sortKey).lastInsertRowid;
    this.stmts.insertFts.run(rowid, grams, chars);
  }

  /** Rebuilds every document (after a bulk load). Call inside a transaction. */
  rebuildAll(): void {
    this.sqlite.exec(
      "DELETE FROM search_doc; INSERT INTO search_index (search_index) VALUES ('delete-all');",
    );
    for (const kind of ['family', 'property', 'event'] as const) {
      const ids = this.sqlite
        .prepare(`SELECT id FROM ${kind} WHERE deleted_at IS NULL`)
        .pluck()
        .all() as string[];
      for (const id of ids) this.reindex(kind, id);
    }
    this.sqlite.exec("INSERT INTO search_index (search_index) VALUES ('optimize');");
  }

  /** The FTS5 MATCH expression for what the user typed, or null when it normalises to nothing. */
  matchClause(query: string): string | null {
    const fts = toFtsQuery(query);
    return fts ? `${fts.column} : ${fts.match}` : null;
  }

  private buildDocument(kind: SearchKind, id: string): Document | null {
    if (kind === 'family') {
      const f = this.stmts.family.get(id) as
        | {
            family_name: string;
            family_name_kana: string;
            home_prefecture: string | null;
            home_city: string | null;
            phone: string | null;
            emergency_contact_phone: string | null;
            municipality_id: string;
            erased_at: string | null;
            deleted_at: string | null;
          }
        | undefined;
      // An erased family must not be findable by anything it used to be called.
      if (!f || f.deleted_at || f.erased_at) return null;
      const members = this.stmts.members.all(id) as { given_name: string; given_name_kana: string }[];
      const parts: (string | null)[] = [f.family_name, f.family_name_kana, f.home_prefecture, f.home_city];
      for (const m of members) {
        // Full names too, so that 「山田花子」 or 「やまだはなこ」 typed in one go still matches.
        parts.push(
          m.given_name,
          m.given_name_kana,
          f.family_name + m.given_name,
          f.family_name_kana + m.given_name_kana,
        );
      }
      parts.push(f.phone, f.emergency_contact_phone);
      return { parts, municipalityId: f.municipality_id, sortKey: f.family_name_kana };
    }
    if (kind === 'property') {
      const p = this.stmts.property.get(id) as
        | {
            address: string;
            lot_number: string | null;
            owner_name: string | null;
            municipality_id: string;
            deleted_at: string | null;
          }
        | undefined;
      if (!p || p.deleted_at) return null;
      return {
        parts: [p.address, p.lot_number, p.owner_name],
        municipalityId: p.municipality_id,
        sortKey: p.address,
      };
    }
    const e = this.stmts.event.get(id) as
      | {
          title: string;
          place: string | null;
          organiser: string | null;
          starts_at: string;
          municipality_id: string;
          deleted_at: string | null;
        }
      | undefined;
    if (!e || e.deleted_at) return null;
    return {
      parts: [e.title, e.place, e.organiser],
      municipalityId: e.municipality_id,
      sortKey: e.starts_at,
    };
  }
}
