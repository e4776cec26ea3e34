import { afterEach, describe, expect, it } from 'vitest';
import { SearchIndex } from '../../electron/core/search/search-index.ts';
import { call, openTestCore } from '../../electron/core/test-support.ts';
import { RecordWriter } from '../../electron/core/write/record-writer.ts';
import { HybridLogicalClock } from '../../shared/hlc.ts';
import {
  BOOKKEEPING,
  FAMILY_LINKED_NAMES,
  type FamilyLinkedName,
  personalOf,
  recordSpec,
} from '../../shared/records/registry.ts';
import type { ColumnSpec } from '../../shared/records/types.ts';

/**
 * An erasure on request leaves nothing personal anywhere on the laptop, whatever the registry says.
 *
 * Every column the migrations give every family-linked table — read from SQLite, not from the
 * registry — is filled with a value of its own, through the write path, for a family with one row in
 * each such table, a search document and a conflict record. The family is erased through the real
 * channel. Then each column must hold what the registry's `wipe` leaves, or be one the registry
 * declares kept (with its reason); and no personal value may be found anywhere in the database: not
 * in any row, the outbox, the audit log or a conflict record, nor by the search.
 *
 * A column a migration adds and the registry forgets fails here, as does a personal column an
 * erasure path forgets to wipe.
 */

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

/** Columns whose stored form the schema checks: a recognisable value of the right shape. */
const SHAPED: Record<string, string> = { home_postal_code: '8919999' };

type Value = string | number | null;

/** A distinct, recognisable value for every column of the table as SQLite has it. */
function fill(
  table: FamilyLinkedName,
  sqlColumns: readonly string[],
  refs: Record<string, Value>,
  n: { next: number },
): Record<string, Value> {
  const spec = recordSpec(table);
  const values: Record<string, Value> = {};
  for (const column of sqlColumns) {
    if ((BOOKKEEPING as readonly string[]).includes(column)) continue;
    if (column === 'deleted_at' || column === 'erased_at') continue;
    const c: ColumnSpec | undefined = spec.columns[column];
    expect(c, `${table}.${column} is in the migrated SQL but not in the registry`).toBeDefined();
    if (!c) continue;
    const i = n.next++;
    if (Object.hasOwn(refs, column)) values[column] = refs[column] ?? null;
    else if (Object.hasOwn(SHAPED, column)) values[column] = SHAPED[column] ?? null;
    else if (c.values) values[column] = c.values[0] ?? null;
    else if (c.kind === 'text') values[column] = `個人${i}・${table}.${column}`.slice(0, c.max ?? 200);
    else if (c.kind === 'date') values[column] = `1951-02-${String(1 + (i % 28)).padStart(2, '0')}`;
    else if (c.kind === 'instant')
      // Distinct for every column filled (more than 60 of them since the event tables).
      values[column] =
        `1951-03-04T05:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}.000Z`;
    else if (c.kind === 'int') values[column] = 7000 + i;
    else if (c.kind === 'real') values[column] = 33.000777 + i / 1000;
    else if (c.kind === 'flag') values[column] = 1;
    else if (c.kind === 'json') values[column] = '[]';
    else values[column] = null;
  }
  return values;
}

describe('erasing a family leaves nothing personal on the laptop', () => {
  it('wipes every personal column of every family-linked table, and nothing personal is left anywhere', async () => {
    const opened = await openTestCore();
    cleanups.push(opened.dispose);
    const { core } = opened;
    await call(core, 'profile.setup', {
      municipalityId: 'kagoshima-yoron',
      displayName: '田中',
      role: 'coordinator',
    });
    const sqlite = core.database.sqlite;
    const columnsOf = (table: string) =>
      (sqlite.prepare(`PRAGMA table_xinfo(${table})`).all() as { name: string; hidden: number }[])
        .filter((c) => c.hidden === 0)
        .map((c) => c.name);
    const actor = {
      id: sqlite.prepare('SELECT id FROM local_profile').pluck().get() as string,
      municipalityId: 'kagoshima-yoron',
    };
    const search = new SearchIndex(sqlite);
    const writer = new RecordWriter(sqlite, new HybridLogicalClock({ node: 'test' }));
    writer.addAfterWriteHook(search.afterWrite);

    const n = { next: 0 };
    const rows = new Map<FamilyLinkedName, { id: string; values: Record<string, Value> }[]>();
    const put = (
      table: FamilyLinkedName,
      refs: Record<string, Value>,
      tx: Parameters<Parameters<typeof writer.write>[1]>[0],
    ) => {
      const values = fill(table, columnsOf(table), refs, n);
      const id = tx.insert(table, (table === 'family' ? { ...values, erased_at: null } : values) as never);
      rows.set(table, [...(rows.get(table) ?? []), { id, values }]);
      return id;
    };
    const family = writer.write(actor, (tx) => {
      const f = put('family', {}, tx);
      const member = put('family_member', { family_id: f }, tx);
      const stay = put('stay', { family_id: f, lodging_property_id: null }, tx);
      put('stay_member', { stay_id: stay, member_id: member }, tx);
      const checkin = put('checkin', { family_id: f, stay_id: stay }, tx);
      put('enquiry', { family_id: f }, tx);
      const event = tx.insert('event', {
        title: '夏祭り',
        kind: 'exchange',
        starts_at: '2026-08-01T09:00:00.000Z',
        ends_at: '2026-08-01T12:00:00.000Z',
      } as never);
      put('attendance', { family_id: f, event_id: event }, tx);
      put('supporter', { family_member_id: member, merged_into: null }, tx);
      const application = put('event_application', { family_id: f, event_id: event, supporter_id: null }, tx);
      put(
        'event_attendance',
        { family_id: f, event_id: event, application_id: application, member_id: member, supporter_id: null },
        tx,
      );
      for (const [ownerTable, ownerId] of [
        ['family', f],
        ['checkin', checkin],
      ] as const) {
        put(
          'attachment',
          {
            owner_table: ownerTable,
            owner_id: ownerId,
            sha256: 'b'.repeat(64),
            preview_sha256: null,
            mime_type: 'image/jpeg',
          },
          tx,
        );
      }
      return f;
    });
    expect(
      FAMILY_LINKED_NAMES.filter((t) => !rows.has(t)),
      'a family-linked table this test does not fill: give it a row above',
    ).toEqual([]);

    // The personal values as stored, to look for afterwards.
    const personal: { where: string; value: Value }[] = [];
    for (const [table, list] of rows) {
      for (const row of list) {
        for (const column of Object.keys(personalOf(table).wipe)) {
          const value = row.values[column] ?? null;
          expect(value, `${table}.${column} filled`).not.toBeNull();
          personal.push({ where: `${table}.${column}`, value });
        }
      }
    }
    const phone = rows.get('family')?.[0]?.values.phone as string;
    const familyName = rows.get('family')?.[0]?.values.family_name as string;
    const memberName = rows.get('family_member')?.[0]?.values.given_name as string;
    // A conflict record about the family's phone, as the server would have sent it.
    sqlite
      .prepare(
        `INSERT INTO sync_conflict (id, municipality_id, table_name, row_id, field, kind, lost, won,
           created_at, created_by, updated_at, updated_by)
         VALUES ('c1', 'kagoshima-yoron', 'family', ?, 'phone', 'overwrite', ?, ?, 'x', 'server', 'x', 'server')`,
      )
      .run(
        family,
        JSON.stringify({ values: { phone }, hlc: '0', author: 'd' }),
        JSON.stringify({ values: { phone: '0990000000' }, hlc: '0', author: 'd' }),
      );

    const found = (text: string) => {
      const match = search.matchClause(text);
      return match === null
        ? 0
        : (sqlite
            .prepare('SELECT count(*) FROM search_index WHERE search_index MATCH ?')
            .pluck()
            .get(match) as number);
    };
    expect(found(familyName)).toBe(1);
    expect(found(memberName)).toBe(1);
    expect(sqlite.prepare('SELECT count(*) FROM search_doc WHERE ref_id = ?').pluck().get(family)).toBe(1);

    await call(core, 'families.erase', { id: family, confirmName: familyName });

    // Each column: wiped to what the registry says, or declared kept.
    for (const [table, list] of rows) {
      const spec = personalOf(table);
      for (const { id } of list) {
        const now = sqlite.prepare(`SELECT * FROM ${table} WHERE id = ?`).get(id) as Record<string, Value>;
        for (const column of columnsOf(table)) {
          if ((BOOKKEEPING as readonly string[]).includes(column)) continue;
          if (Object.hasOwn(spec.wipe, column)) {
            expect(now[column], `${table}.${column} after the erasure`).toBe(spec.wipe[column]);
          } else {
            expect(spec.kept, `${table}.${column} is neither wiped nor declared kept`).toContain(column);
          }
        }
      }
    }

    // Nothing personal anywhere: every table of the database, the outbox, audit log and conflicts included.
    const tables = sqlite
      .prepare(
        "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%'",
      )
      .pluck()
      .all() as string[];
    expect(tables).toEqual(expect.arrayContaining(['outbox', 'audit_log', 'sync_conflict', 'search_doc']));
    const everything = new Map(
      tables.map((t) => [t, JSON.stringify(sqlite.prepare(`SELECT * FROM ${t}`).all())]),
    );
    for (const { where, value } of personal) {
      if (value === '' || value === null) continue;
      const needle = typeof value === 'string' ? JSON.stringify(value).slice(1, -1) : String(value);
      for (const [table, text] of everything) {
        expect(text.includes(needle), `${where} (${String(value)}) still in ${table}`).toBe(false);
      }
    }
    // The search finds the family by nothing it used to be called.
    expect(found(familyName)).toBe(0);
    expect(found(memberName)).toBe(0);
    expect(sqlite.prepare('SELECT count(*) FROM search_doc WHERE ref_id = ?').pluck().get(family)).toBe(0);
  });
});
