import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { AppError } from '../../../shared/errors.ts';
import {
  type FamilyLink,
  type FamilyLinkedTable,
  familyOf,
  isFamilyLinked,
  type LinkedRow,
  PERSONAL,
  personalDataLeft,
  personalLeft,
  scrubConflict,
} from '../../../shared/sync/personal.ts';
import type { WireValue } from '../../../shared/sync/protocol.ts';
import type { TouchedRow } from './touched-row.ts';

/**
 * A family's erasure on this laptop, driven by the one declaration of personal columns
 * (shared/sync/personal.ts): which rows are about a family, scrubbing them (the local copy, the
 * outbox, the conflict records), refusing new personal data for an erased family, and the walking
 * check that finds whatever an erasure left.
 */

type Db = BetterSqlite3.Database;

const LINKED = Object.keys(PERSONAL) as FamilyLinkedTable[];

function rowOf(sqlite: Db, table: string, id: string): LinkedRow | undefined {
  if (!isFamilyLinked(table)) return undefined;
  const values = sqlite.prepare(`SELECT * FROM ${table} WHERE id = ?`).get(id) as
    | Record<string, WireValue>
    | undefined;
  return values ? { table, id, values } : undefined;
}

/** Every row of this laptop about the family, the family itself first. */
export function rowsAboutFamily(sqlite: Db, familyId: string): TouchedRow[] {
  const ids = new Map<FamilyLinkedTable, string[]>();
  const idsOf = (table: FamilyLinkedTable, where: string, params: unknown[]) =>
    sqlite
      .prepare(`SELECT id FROM ${table} WHERE ${where}`)
      .pluck()
      .all(...params) as string[];
  // Direct links first: the parents of the indirect ones must be known when those are looked up.
  const order = (link: FamilyLink) => (link.via === 'self' ? 0 : link.via === 'family_id' ? 1 : 2);
  for (const table of [...LINKED].sort((a, b) => order(PERSONAL[a].link) - order(PERSONAL[b].link))) {
    const link: FamilyLink = PERSONAL[table].link;
    if (link.via === 'self') ids.set(table, idsOf(table, 'id = ?', [familyId]));
    else if (link.via === 'family_id') ids.set(table, idsOf(table, 'family_id = ?', [familyId]));
    else if (link.via === 'parent') {
      const parents = JSON.stringify(ids.get(link.parent as FamilyLinkedTable) ?? []);
      ids.set(table, idsOf(table, `${link.column} IN (SELECT value FROM json_each(?))`, [parents]));
    } else {
      const found: string[] = [];
      for (const [ownerTable, ownerIds] of ids) {
        found.push(
          ...idsOf(table, 'owner_table = ? AND owner_id IN (SELECT value FROM json_each(?))', [
            ownerTable,
            JSON.stringify(ownerIds),
          ]),
        );
      }
      ids.set(table, found);
    }
  }
  return [...ids].flatMap(([table, list]) => list.map((id) => ({ table, id })));
}

/** The family this row is about, read through this laptop's own rows. */
export function familyOfLocal(sqlite: Db, row: LinkedRow): string | null {
  return familyOf(row, (table, id) => rowOf(sqlite, table, id));
}

export function isFamilyErased(sqlite: Db, familyId: string): boolean {
  return Boolean(sqlite.prepare('SELECT erased_at FROM family WHERE id = ?').pluck().get(familyId));
}

/**
 * New personal data for an erased family is refused: the write path calls this for every insert and
 * update. `values` are the row's values after the write; `written` the columns the write sets.
 */
export function refusePersonalWriteToErasedFamily(
  sqlite: Db,
  table: string,
  id: string,
  values: Record<string, WireValue | undefined>,
  written: readonly string[],
): void {
  if (!isFamilyLinked(table)) return;
  const writtenValues = Object.fromEntries(written.map((c) => [c, values[c]]));
  const personal = personalLeft(table, writtenValues);
  if (personal.length === 0) return;
  const family = familyOfLocal(sqlite, { table, id, values });
  if (family !== null && isFamilyErased(sqlite, family)) {
    throw new AppError('FAMILY_ERASED', 'validation.familyErased', personal[0]);
  }
}

/** Replaces personal values in outbox operations for these rows, whatever their state. */
export function scrubOutbox(sqlite: Db, rows: readonly TouchedRow[]): void {
  if (rows.length === 0) return;
  const tableOf = new Map(rows.map((r) => [r.id, r.table]));
  const ops = sqlite
    .prepare('SELECT seq, table_name, changes FROM outbox WHERE row_id IN (SELECT value FROM json_each(?))')
    .all(JSON.stringify([...tableOf.keys()])) as { seq: number; table_name: string; changes: string }[];
  const update = sqlite.prepare('UPDATE outbox SET changes = ? WHERE seq = ?');
  for (const op of ops) {
    if (!isFamilyLinked(op.table_name)) continue;
    const wipe: Readonly<Record<string, WireValue>> = PERSONAL[op.table_name].wipe;
    const changes = JSON.parse(op.changes) as Record<string, { value: WireValue }>;
    const values = Object.fromEntries(Object.entries(changes).map(([c, change]) => [c, change.value]));
    const left = personalLeft(op.table_name, values);
    if (left.length === 0) continue;
    for (const column of left) (changes[column] as { value: WireValue }).value = wipe[column] ?? null;
    update.run(JSON.stringify(changes), op.seq);
  }
}

/** Replaces personal values in the conflict records about these rows (the server closes them). */
export function scrubLocalConflicts(sqlite: Db, rows: readonly TouchedRow[]): TouchedRow[] {
  if (rows.length === 0) return [];
  const conflicts = sqlite
    .prepare(
      'SELECT id, table_name, field, lost, won FROM sync_conflict WHERE row_id IN (SELECT value FROM json_each(?))',
    )
    .all(JSON.stringify(rows.map((r) => r.id))) as {
    id: string;
    table_name: string;
    field: string;
    lost: string;
    won: string;
  }[];
  const touched: TouchedRow[] = [];
  const update = sqlite.prepare('UPDATE sync_conflict SET lost = ?, won = ? WHERE id = ?');
  for (const c of conflicts) {
    const scrubbed = scrubConflict(c);
    if (!scrubbed) continue;
    update.run(scrubbed.lost, scrubbed.won, c.id);
    touched.push({ table: 'sync_conflict', id: c.id });
  }
  return touched;
}

/**
 * Scrubs an erased family from this laptop as a pulled erasure requires: its rows' personal values,
 * the outbox, the conflict records. Writes no operation: the server has done the same, and its
 * newer-clocked values follow. Returns the rows whose values changed (for the search index).
 */
export function scrubErasedFamily(sqlite: Db, familyId: string): TouchedRow[] {
  const about = rowsAboutFamily(sqlite, familyId);
  const touched: TouchedRow[] = [];
  for (const { table, id } of about) {
    const row = rowOf(sqlite, table as FamilyLinkedTable, id);
    if (!row) continue;
    const left = personalLeft(table, row.values);
    if (left.length === 0) continue;
    const wipe: Readonly<Record<string, WireValue>> = PERSONAL[table as FamilyLinkedTable].wipe;
    sqlite
      .prepare(`UPDATE ${table} SET ${left.map((c) => `${c} = ?`).join(', ')} WHERE id = ?`)
      .run(...left.map((c) => wipe[c] ?? null), id);
    touched.push({ table, id });
  }
  scrubOutbox(sqlite, about);
  return [...touched, ...scrubLocalConflicts(sqlite, about)];
}

/**
 * After a pulled page is stored: every erased family the page's rows are about is scrubbed again, so
 * personal data from a write that raced the erasure never stays, whatever the clocks said.
 */
export function scrubAfterPull(sqlite: Db, pulled: readonly LinkedRow[]): TouchedRow[] {
  const families = new Set<string>();
  for (const change of pulled) {
    if (!isFamilyLinked(change.table)) continue;
    // A pulled row carries all its values: only a stay member or an attachment needs a lookup.
    const family = familyOfLocal(sqlite, change);
    if (family !== null) families.add(family);
  }
  if (families.size === 0) return [];
  const erased = sqlite
    .prepare('SELECT id FROM family WHERE erased_at IS NOT NULL AND id IN (SELECT value FROM json_each(?))')
    .pluck()
    .all(JSON.stringify([...families])) as string[];
  return erased.flatMap((family) => scrubErasedFamily(sqlite, family));
}

/**
 * The walking check: every personal value of every erased family still on this laptop, in any
 * family-linked table, in the conflict records or in the outbox. Empty after a complete erasure.
 */
export function localPersonalDataLeft(sqlite: Db): string[] {
  const erased = new Set(
    sqlite.prepare('SELECT id FROM family WHERE erased_at IS NOT NULL').pluck().all() as string[],
  );
  if (erased.size === 0) return [];
  const rows: LinkedRow[] = [];
  for (const table of [...LINKED, 'sync_conflict' as const]) {
    for (const values of sqlite.prepare(`SELECT * FROM ${table}`).all() as Record<string, WireValue>[]) {
      rows.push({ table, id: String(values.id), values });
    }
  }
  const pending = (
    sqlite.prepare('SELECT table_name, row_id, changes FROM outbox').all() as {
      table_name: string;
      row_id: string;
      changes: string;
    }[]
  ).map((op) => ({
    table: op.table_name,
    id: op.row_id,
    values: Object.fromEntries(
      Object.entries(JSON.parse(op.changes) as Record<string, { value: WireValue }>).map(([c, v]) => [
        c,
        v.value,
      ]),
    ),
  }));
  return personalDataLeft(rows, erased, pending);
}
