import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { BOOKKEEPING as BOOKKEEPING_COLUMNS } from '../../../shared/records/registry.ts';
import type { PulledChange, WireValue } from '../../../shared/sync/protocol.ts';
import { SYNCED_TABLES, type SyncedTableName } from '../db/schema.ts';
import { scrubAfterPull } from '../write/erasure.ts';
import type { TouchedRow } from '../write/record-writer.ts';

/**
 * Stores pulled rows. Per column, the value with the greater clock stays (the same rule as the
 * server's), so applying a page twice — after a crash between a page and its cursor — changes nothing
 * the second time, and an edit made here since the last push, whose clock is newer, is not
 * overwritten by the server's older copy: it will go up with the next push.
 *
 * Incoming rows never enter the outbox: they are the server's, not this laptop's, writes.
 */

const BOOKKEEPING: ReadonlySet<string> = new Set(BOOKKEEPING_COLUMNS);

export class RemoteApplier {
  private readonly sqlite: BetterSqlite3.Database;
  private readonly columns = new Map<string, Set<string>>();
  private readonly statements = new Map<string, BetterSqlite3.Statement>();

  constructor(sqlite: BetterSqlite3.Database) {
    this.sqlite = sqlite;
    for (const table of SYNCED_TABLES) {
      const info = sqlite.prepare(`PRAGMA table_xinfo(${table})`).all() as { name: string; hidden: number }[];
      // A table this database does not have (yet) is skipped like a table of a newer schema.
      if (info.length === 0) continue;
      this.columns.set(table, new Set(info.filter((c) => c.hidden === 0).map((c) => c.name)));
    }
  }

  private statement(sql: string): BetterSqlite3.Statement {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = this.sqlite.prepare(sql);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }

  /**
   * Applies one page; call inside the transaction that also stores the page's cursor. Returns the rows
   * whose stored values changed, for the after-write hooks (search index).
   */
  apply(
    changes: readonly PulledChange[],
    municipalityId: string,
  ): { touched: TouchedRow[]; unknown: number } {
    const touched: TouchedRow[] = [];
    let unknown = 0;
    for (const change of changes) {
      const known = this.columns.get(change.table);
      if (!known) {
        // A table from a newer schema: skipped until this laptop is updated (the server keeps it).
        unknown += 1;
        continue;
      }
      const clockOf = (column: string) => change.clocks?.[column] ?? change.hlc;
      const local = new Map(
        (
          this.statement('SELECT column_name, hlc FROM field_clock WHERE table_name = ? AND row_id = ?').all(
            change.table,
            change.id,
          ) as { column_name: string; hlc: string }[]
        ).map((r) => [r.column_name, r.hlc]),
      );
      const exists =
        this.statement(`SELECT 1 FROM ${change.table} WHERE id = ?`).get(change.id) !== undefined;
      const taken: [string, WireValue][] = [];
      for (const [column, value] of Object.entries(change.values)) {
        if (!known.has(column) || BOOKKEEPING.has(column)) continue;
        const mine = local.get(column);
        if (mine === undefined || clockOf(column) > mine) taken.push([column, value]);
      }
      if (!exists) {
        const names = ['id', 'municipality_id', 'created_at', 'created_by', 'updated_at', 'updated_by'];
        const values: WireValue[] = [
          change.id,
          municipalityId,
          change.values.created_at ?? null,
          change.values.created_by ?? null,
          change.values.updated_at ?? null,
          change.values.updated_by ?? null,
        ];
        for (const [column, value] of taken) {
          names.push(column);
          values.push(value);
        }
        this.statement(
          `INSERT INTO ${change.table} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`,
        ).run(...values);
      } else if (taken.length > 0) {
        const sets = [...taken.map(([c]) => `${c} = ?`), 'updated_at = ?', 'updated_by = ?'];
        this.statement(`UPDATE ${change.table} SET ${sets.join(', ')} WHERE id = ?`).run(
          ...taken.map(([, v]) => v),
          change.values.updated_at ?? null,
          change.values.updated_by ?? null,
          change.id,
        );
      }
      const setClock = this.statement(
        `INSERT INTO field_clock (table_name, row_id, column_name, hlc) VALUES (?, ?, ?, ?)
         ON CONFLICT (table_name, row_id, column_name) DO UPDATE SET hlc = excluded.hlc`,
      );
      for (const [column] of taken) setClock.run(change.table, change.id, column, clockOf(column));
      if (!exists || taken.length > 0)
        touched.push({ table: change.table as SyncedTableName, id: change.id });
    }
    // An erasure wins over whatever raced it: a pulled row about an erased family, or the erasure
    // itself, leaves none of the family's personal data here, whatever the clocks said.
    const scrubbed = scrubAfterPull(
      this.sqlite,
      changes.map((c) => ({ table: c.table, id: c.id, values: c.values })),
    );
    const seen = new Set(touched.map((t) => `${t.table}:${t.id}`));
    for (const t of scrubbed) if (!seen.has(`${t.table}:${t.id}`)) touched.push(t);
    return { touched, unknown };
  }
}
