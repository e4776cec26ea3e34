import { sql, type Transaction } from 'kysely';
import type { HybridLogicalClock } from '../../../shared/hlc.ts';
import {
  type FamilyLinkedTable,
  familyOf,
  isFamilyLinked,
  type LinkedRow,
  PERSONAL,
  personalLeft,
  scrubConflict,
} from '../../../shared/sync/personal.ts';
import type { PushOp } from '../../../shared/sync/protocol.ts';
import type { ServerDB } from '../db/schema.ts';
import { lockConflictsOf, lockRows, type StoredRow } from './records.ts';

/**
 * An erasure on request wins over every write to the erased family's personal data, in any table
 * and whatever its clock (docs/sync-design.md, "Erase wins"). Run at the end of a push, before the
 * rows are written:
 *   - a family erased by this batch: every row about it the server holds is read and locked (members,
 *     stays, check-ins, enquiries, attendance, stay members, attachments, and the conflict records
 *     about any of them), whether or not the erasing laptop had it;
 *   - every row the batch touched that is about an erased family, and every conflict record about
 *     such a row (one this very batch opened included), is scrubbed: each personal column still
 *     holding something gets what an erasure leaves, stamped with a fresh server clock.
 * A scrubbed row is numbered again with no origin, so every laptop — the one whose write was just
 * overridden included, in this request's own pull — takes the wiped values.
 */

type Trx = Transaction<ServerDB>;

const LINKED_TABLES = Object.keys(PERSONAL) as FamilyLinkedTable[];

function asLinked(row: StoredRow): LinkedRow {
  return { table: row.table, id: row.id, values: row.state.values };
}

/** The rows these ids name (read without lock: only their references are used). */
async function readRows(trx: Trx, ids: readonly string[]): Promise<LinkedRow[]> {
  if (ids.length === 0) return [];
  const found = await trx
    .selectFrom('record')
    .select(['id', 'table_name', 'vals'])
    .where('id', '=', sql<string>`ANY(${[...new Set(ids)]}::uuid[])`)
    .execute();
  return found.map((r) => ({ table: r.table_name, id: r.id, values: r.vals as LinkedRow['values'] }));
}

/**
 * Ids of every row about these families (the families themselves excluded): rows with the family's
 * `family_id`, then rows that reach it through another row as the registry declares (`parent`: a stay
 * member through its stay, a supporter through the family member it is linked to), then attachments of
 * the family or of any of those rows.
 */
async function rowsAboutFamilies(trx: Trx, families: readonly string[]): Promise<string[]> {
  const direct = await trx
    .selectFrom('record')
    .select(['id', 'table_name'])
    .where('table_name', 'in', LINKED_TABLES)
    .where(sql<string>`vals ->> 'family_id'`, '=', sql<string>`ANY(${families}::text[])`)
    .execute();
  const byTable = new Map<string, string[]>([['family', [...families]]]);
  for (const r of direct) byTable.set(r.table_name, [...(byTable.get(r.table_name) ?? []), r.id]);
  // Parents are direct-linked tables (or the family) in today's registry; the loop runs until no new
  // rows appear, so a chain of parents is followed too.
  for (let grew = true; grew; ) {
    grew = false;
    for (const table of LINKED_TABLES) {
      const link = PERSONAL[table].link;
      if (link.via !== 'parent') continue;
      const parents = byTable.get(link.parent) ?? [];
      if (parents.length === 0) continue;
      const found = await trx
        .selectFrom('record')
        .select('id')
        .where('table_name', '=', table)
        .where(sql<string>`vals ->> ${link.column}`, '=', sql<string>`ANY(${parents}::text[])`)
        .execute();
      const known = new Set(byTable.get(table) ?? []);
      const fresh = found.map((r) => r.id).filter((id) => !known.has(id));
      if (fresh.length > 0) {
        byTable.set(table, [...known, ...fresh]);
        grew = true;
      }
    }
  }
  const ids = [...byTable].filter(([t]) => t !== 'family').flatMap(([, list]) => list);
  const owners = [...families, ...ids];
  const attachments = await trx
    .selectFrom('record')
    .select('id')
    .where('table_name', '=', 'attachment')
    .where(sql<string>`vals ->> 'owner_id'`, '=', sql<string>`ANY(${owners}::text[])`)
    .execute();
  return [...ids, ...attachments.map((r) => r.id)];
}

function scrubRow(row: StoredRow, serverHlc: string, at: string): void {
  const wipe: Readonly<Record<string, unknown>> = PERSONAL[row.table as FamilyLinkedTable].wipe;
  const left = personalLeft(row.table, row.state.values);
  for (const column of left) {
    row.state.values = { ...row.state.values, [column]: (wipe[column] ?? null) as never };
    row.state.clocks = { ...row.state.clocks, [column]: { h: serverHlc, b: null } };
  }
  // Listed as erased even when already empty: a later edit from a laptop that never saw the erasure
  // is then dropped by the merge itself.
  const erased = new Set(row.state.erased);
  for (const column of Object.keys(wipe)) erased.add(column);
  const listChanged = erased.size !== row.state.erased.length;
  row.state.erased = [...erased];
  if (left.length > 0 || listChanged) {
    row.dirty = true;
    row.origin = null;
    row.updatedAt = at;
  }
}

function scrubConflictRow(row: StoredRow, serverHlc: string, at: string): void {
  const scrubbed = scrubConflict({
    table_name: row.state.values.table_name,
    field: row.state.values.field,
    lost: row.state.values.lost,
    won: row.state.values.won,
  });
  if (!scrubbed) return;
  const values: StoredRow['state']['values'] = {
    ...row.state.values,
    lost: scrubbed.lost,
    won: scrubbed.won,
  };
  const stamped = ['lost', 'won'];
  if (scrubbed.close && (values.resolved_at ?? null) === null) {
    Object.assign(values, { resolved_at: at, resolved_by: 'server', resolution: 'superseded' });
    stamped.push('resolved_at', 'resolved_by', 'resolution');
  }
  row.state.values = values;
  row.state.clocks = { ...row.state.clocks };
  for (const column of stamped) row.state.clocks[column] = { h: serverHlc, b: null };
  row.state.erased = [...new Set([...row.state.erased, 'lost', 'won'])];
  row.dirty = true;
  row.origin = null;
  row.updatedAt = at;
}

export async function enforceErasures(
  trx: Trx,
  ops: readonly PushOp[],
  rows: Map<string, StoredRow>,
  conflictRows: Map<string, StoredRow>,
  clock: HybridLogicalClock,
  at: string,
): Promise<void> {
  const erasedNow = new Set(
    ops
      .filter((op) => op.op === 'erase' && op.table === 'family' && rows.get(op.row)?.state.values.erased_at)
      .map((op) => op.row),
  );
  if (erasedNow.size > 0) {
    // Everything about the family, including what the erasing laptop never had.
    const about = (await rowsAboutFamilies(trx, [...erasedNow])).filter((id) => !rows.has(id));
    for (const [id, row] of await lockRows(trx, about)) rows.set(id, row);
    const targets = [...rows.values()].filter((r) => isFamilyLinked(r.table)).map((r) => r.id);
    for (const [id, row] of await lockConflictsOf(trx, targets, true)) {
      if (!conflictRows.has(id)) conflictRows.set(id, row);
    }
  }

  // A row created for an op that was then set aside holds nothing and is never written.
  const linked = [...rows.values()].filter((r) => isFamilyLinked(r.table) && (r.dirty || !r.isNew));
  if (linked.length === 0) return;
  // Resolve each row's family: parents (a stay member's stay, an attachment's owner) not in this
  // batch are read, then whether each family is erased.
  const known = new Map<string, LinkedRow>(linked.map((r) => [`${r.table}:${r.id}`, asLinked(r)]));
  const lookupIds = new Set<string>();
  const missing: RowLookupMiss = (table, id) => {
    const hit = known.get(`${table}:${id}`);
    if (!hit) lookupIds.add(id);
    return hit;
  };
  for (const r of linked) familyOf(asLinked(r), missing);
  for (const r of await readRows(trx, [...lookupIds])) known.set(`${r.table}:${r.id}`, r);
  // A second level (an attachment of a check-in read just now) is rare; one more round covers it.
  lookupIds.clear();
  for (const r of linked) familyOf(asLinked(r), missing);
  for (const r of await readRows(trx, [...lookupIds])) known.set(`${r.table}:${r.id}`, r);
  const lookup = (table: string, id: string) => known.get(`${table}:${id}`);

  const familyOfRow = new Map<string, string>();
  for (const r of linked) {
    const family = familyOf(asLinked(r), lookup);
    if (family !== null) familyOfRow.set(r.id, family);
  }
  const families = [...new Set(familyOfRow.values())];
  const erased = new Set<string>();
  for (const f of families) if (rows.get(f)?.state.values.erased_at) erased.add(f);
  const unread = families.filter((f) => !rows.has(f));
  if (unread.length > 0) {
    for (const f of await readRows(trx, unread)) {
      if (f.table === 'family' && f.values.erased_at) erased.add(f.id);
    }
  }
  if (erased.size === 0) return;

  const serverHlc = clock.now();
  const scrubbedIds = new Set<string>();
  for (const r of linked) {
    const family = familyOfRow.get(r.id);
    if (family === undefined || !erased.has(family)) continue;
    scrubRow(r, serverHlc, at);
    scrubbedIds.add(r.id);
  }
  for (const c of conflictRows.values()) {
    if (scrubbedIds.has(String(c.state.values.row_id))) scrubConflictRow(c, serverHlc, at);
  }
}

type RowLookupMiss = (table: string, id: string) => LinkedRow | undefined;
