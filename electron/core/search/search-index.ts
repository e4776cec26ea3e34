import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import {
  recordSpec,
  SEARCH_DOC_KINDS,
  type SearchDocKind,
  SYNCED_RECORD_NAMES,
} from '../../../shared/records/registry.ts';
import type { SearchRole } from '../../../shared/records/types.ts';
import { toFtsQuery, toIndexColumns } from '../../../shared/text/search-normalize.ts';
import type { AfterWriteHook } from '../write/record-writer.ts';

/**
 * Keeps the search tables (`search_doc` + the contentless FTS5 `search_index`) in step with the
 * registry's searchable records (shared/records/registry.ts, `search`: families with their members'
 * names, properties, events), and turns a typed query into an FTS5 MATCH expression.
 *
 * Documents are built here, in JavaScript, because the normaliser lives in shared/; an SQL trigger
 * could not call it. The write path runs `afterWrite` inside the same transaction as the edit, so the
 * index can never disagree with the records.
 */

/** The kinds of search document: the registry's tables with `search: { document }`. */
export type SearchKind = SearchDocKind;

/** Where a touched row's text lives: its own document, or the document it is part of (by a column). */
const SEARCH_ROLES = new Map<string, SearchRole>(
  SYNCED_RECORD_NAMES.flatMap((t) => {
    const role = recordSpec(t).search;
    return role ? [[t, role] as const] : [];
  }),
);

interface Document {
  parts: (string | null)[];
  municipalityId: string;
  sortKey: string;
}

export class SearchIndex {
  private readonly sqlite: BetterSqlite3.Database;
  private readonly stmts;
  private readonly owners = new Map<string, BetterSqlite3.Statement>();
  /** One builder per kind of document: a kind the registry adds without one does not compile. */
  private readonly builders: Record<SearchKind, (id: string) => Document | null> = {
    family: (id) => this.familyDocument(id),
    property: (id) => this.propertyDocument(id),
    event: (id) => this.eventDocument(id),
    supporter: (id) => this.supporterDocument(id),
  };

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
      property: sqlite.prepare(
        `SELECT ref_number, address, lot_number, district, owner_name, owner_name_kana, municipality_id, deleted_at
           FROM property WHERE id = ?`,
      ),
      event: sqlite.prepare(
        `SELECT title, kind_label, place, organiser, partners, starts_at, municipality_id, deleted_at
           FROM event WHERE id = ?`,
      ),
      supporter: sqlite.prepare(
        `SELECT name, name_kana, home_prefecture, home_city, phone, email, municipality_id, erased_at, deleted_at
           FROM supporter WHERE id = ?`,
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
    // Each document once, however many of its rows the write touched (a family and its members).
    const due = new Map<SearchKind, Set<string>>();
    const add = (kind: SearchKind, id: string) => {
      const ids = due.get(kind) ?? new Set<string>();
      ids.add(id);
      due.set(kind, ids);
    };
    for (const row of touched) {
      const role = SEARCH_ROLES.get(row.table);
      if (!role) continue;
      if ('document' in role) add(role.document as SearchKind, row.id);
      else {
        const owner = this.ownerOf(row.table, role.via, row.id);
        if (owner !== null) add(role.partOf as SearchKind, owner);
      }
    }
    for (const [kind, ids] of due) for (const id of ids) this.reindex(kind, id);
  };

  private ownerOf(table: string, column: string, id: string): string | null {
    const key = `${table}.${column}`;
    let stmt = this.owners.get(key);
    if (!stmt) {
      stmt = this.sqlite.prepare(`SELECT ${column} FROM ${table} WHERE id = ?`).pluck();
      this.owners.set(key, stmt);
    }
    const owner = stmt.get(id);
    return typeof owner === 'string' ? owner : null;
  }

  reindex(kind: SearchKind, id: string): void {
    const existing = this.stmts.findDoc.get(kind, id) as number | undefined;
    if (existing !== undefined) {
      this.stmts.deleteFts.run(existing);
      this.stmts.deleteDoc.run(existing);
    }
    const doc = this.builders[kind](id);
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
    for (const kind of SEARCH_DOC_KINDS) {
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

  private familyDocument(id: string): Document | null {
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

  private propertyDocument(id: string): Document | null {
    const p = this.stmts.property.get(id) as
      | {
          ref_number: string | null;
          address: string;
          lot_number: string | null;
          district: string | null;
          owner_name: string | null;
          owner_name_kana: string | null;
          municipality_id: string;
          deleted_at: string | null;
        }
      | undefined;
    if (!p || p.deleted_at) return null;
    // Staff look a house up by its number, where it is, or whose it is (the owner's name is found, not
    // shown: the register and the quick search display the house only).
    return {
      parts: [p.ref_number, p.address, p.lot_number, p.district, p.owner_name, p.owner_name_kana],
      municipalityId: p.municipality_id,
      sortKey: p.address || p.lot_number || '',
    };
  }

  private eventDocument(id: string): Document | null {
    const e = this.stmts.event.get(id) as
      | {
          title: string;
          kind_label: string | null;
          place: string | null;
          organiser: string | null;
          partners: string | null;
          starts_at: string;
          municipality_id: string;
          deleted_at: string | null;
        }
      | undefined;
    if (!e || e.deleted_at) return null;
    return {
      parts: [e.title, e.kind_label, e.place, e.organiser, e.partners],
      municipalityId: e.municipality_id,
      sortKey: e.starts_at,
    };
  }

  private supporterDocument(id: string): Document | null {
    const s = this.stmts.supporter.get(id) as
      | {
          name: string;
          name_kana: string | null;
          home_prefecture: string | null;
          home_city: string | null;
          phone: string | null;
          email: string | null;
          municipality_id: string;
          erased_at: string | null;
          deleted_at: string | null;
        }
      | undefined;
    // An erased supporter must not be findable by anything they used to be called. A merged-away one
    // stays indexed: the register follows `merged_into` to the one kept (docs/events.md).
    if (!s || s.deleted_at || s.erased_at) return null;
    return {
      parts: [s.name, s.name_kana, s.home_prefecture, s.home_city, s.phone, s.email],
      municipalityId: s.municipality_id,
      sortKey: s.name_kana || s.name,
    };
  }
}
