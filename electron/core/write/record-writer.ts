import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { AppError } from '../../../shared/errors.ts';
import type { HybridLogicalClock } from '../../../shared/hlc.ts';
import { newId } from '../../../shared/ids.ts';
import { BOOKKEEPING as BOOKKEEPING_COLUMNS } from '../../../shared/records/registry.ts';
import { opIdFor } from '../../../shared/sync/compact-wire.ts';
import { SYNC_TABLES, type TableSpec } from '../../../shared/sync/tables.ts';
import { SYNCED_TABLES, type SyncedColumns, type SyncedTableName, type SyncedTables } from '../db/schema.ts';
import { ChangeFeed } from './change-feed.ts';
import { refusePersonalWriteToErasedFamily } from './erasure.ts';
import type { TouchedRow } from './touched-row.ts';

/**
 * The write path. Every change to a synced record goes through `RecordWriter.write`, which runs the
 * caller's function in ONE SQLite transaction that
 *   1. writes the row,
 *   2. records the new hybrid-logical-clock value of every changed field (`field_clock`),
 *   3. appends an outbox operation carrying, per changed column, the new value, its clock and the
 *      clock of the value the author saw before (`base`) — what the server needs to tell an informed
 *      overwrite from a blind one (docs/sync-principles.md#p5-nothing-is-lost-silently),
 *   4. appends an audit entry naming the changed fields (never their values: the audit log must hold
 *      nothing an erase request would have to chase),
 *   5. runs the after-write hooks (search index) for the rows it touched.
 * Either all of that is on disk or none of it is. After the commit it announces the tables it touched
 * on its change feed (origin 'local'), once per transaction.
 */

export interface Actor {
  id: string;
  municipalityId: string;
}

type SqlValue = string | number | null;
type Editable<T extends SyncedTableName> = Omit<
  SyncedTables[T],
  keyof SyncedColumns | 'arrival' | 'departure'
>;
export type InsertFields<T extends SyncedTableName> = Editable<T> & { id?: string };
export type UpdateFields<T extends SyncedTableName> = Partial<Editable<T>>;

export interface ColumnChange {
  value: SqlValue;
  hlc: string;
  base: string | null;
  /** A delete only: the clock of every column's value as this laptop held it (edit versus delete). */
  seen?: Record<string, string>;
}

export type { TouchedRow } from './touched-row.ts';

/**
 * Runs inside the write transaction after the caller's function, for every row it touched — and after
 * a pulled page is stored (sync/apply.ts), so derived data (the search index) follows remote edits too.
 */
export type AfterWriteHook = (touched: readonly TouchedRow[]) => void;

function syncGroupsOf(table: SyncedTableName): readonly (readonly string[])[] {
  return (SYNC_TABLES[table] as TableSpec).groups ?? [];
}

const BOOKKEEPING: ReadonlySet<string> = new Set(BOOKKEEPING_COLUMNS);

function newestOf(clocks: Iterable<string>): string | null {
  let newest: string | null = null;
  for (const clock of clocks) if (newest === null || clock > newest) newest = clock;
  return newest;
}

export class RecordWriter {
  private readonly statements = new Map<string, BetterSqlite3.Statement>();
  private readonly columns = new Map<SyncedTableName, Set<string>>();
  private readonly hooks: AfterWriteHook[] = [];
  /** Rows touched by the transaction in progress, nested writes included, announced at its commit. */
  private pending: TouchedRow[] = [];

  readonly sqlite: BetterSqlite3.Database;
  private readonly clock: HybridLogicalClock;
  private readonly now: () => Date;
  /** Where committed writes are announced (the sync engine announces pulled pages on it too). */
  readonly changes: ChangeFeed;

  constructor(
    sqlite: BetterSqlite3.Database,
    clock: HybridLogicalClock,
    now: () => Date = () => new Date(),
    changes: ChangeFeed = new ChangeFeed(),
  ) {
    this.sqlite = sqlite;
    this.clock = clock;
    this.now = now;
    this.changes = changes;
    for (const table of SYNCED_TABLES) {
      // table_xinfo lists generated columns too (hidden 2 or 3): they are never written.
      const info = sqlite.prepare(`PRAGMA table_xinfo(${table})`).all() as { name: string; hidden: number }[];
      this.columns.set(table, new Set(info.filter((c) => c.hidden === 0).map((c) => c.name)));
    }
  }

  addAfterWriteHook(hook: AfterWriteHook): void {
    this.hooks.push(hook);
  }

  /** Call inside a transaction. */
  runHooks(touched: readonly TouchedRow[]): void {
    for (const hook of this.hooks) hook(touched);
  }

  /** The clock, for the sync engine: it merges the server's clock into it after every exchange. */
  get hlc(): HybridLogicalClock {
    return this.clock;
  }

  /** One service call = one transaction. Throwing inside rolls everything back. */
  write<T>(actor: Actor, fn: (tx: WriteTx) => T): T {
    // A write inside another write is part of the outer transaction: the outer one announces both.
    const nested = this.sqlite.inTransaction;
    const run = this.sqlite.transaction(() => {
      const tx = new WriteTx(this, actor, this.now().toISOString());
      const result = fn(tx);
      const touched = tx.touchedRows();
      this.runHooks(touched);
      this.statement(
        "INSERT INTO app_setting (key, value) VALUES ('hlc.last', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      ).run(this.clock.current());
      this.pending.push(...touched);
      return result;
    });
    if (nested) return run();
    let result: T;
    try {
      result = run.immediate();
    } catch (error) {
      // Rolled back: nothing to announce.
      this.pending = [];
      throw error;
    }
    const committed = this.pending;
    this.pending = [];
    this.changes.committed('local', committed);
    return result;
  }

  /** Cached prepared statement: the write path's SQL is a small fixed set per table. */
  statement(sql: string): BetterSqlite3.Statement {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = this.sqlite.prepare(sql);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }

  /**
   * A new clock for a write, newer than `after` (the newest clock of the values the author saw): a
   * write must always be newer than its base, even when a colleague's clock runs ahead of this
   * laptop's and the server's answer did not carry it.
   */
  tick(after: string | null = null): string {
    return after === null ? this.clock.now() : this.clock.receive(after, Number.POSITIVE_INFINITY);
  }

  assertColumns(table: SyncedTableName, names: readonly string[]): void {
    const known = this.columns.get(table);
    if (!known) throw new Error(`not a synced table: ${table}`);
    for (const name of names) {
      if (!known.has(name) || BOOKKEEPING.has(name))
        throw new Error(`column ${table}.${name} cannot be written`);
    }
  }
}

export class WriteTx {
  private readonly touched = new Map<string, TouchedRow>();

  private readonly writer: RecordWriter;
  readonly actor: Actor;
  readonly at: string;

  constructor(writer: RecordWriter, actor: Actor, at: string) {
    this.writer = writer;
    this.actor = actor;
    this.at = at;
  }

  get sqlite(): BetterSqlite3.Database {
    return this.writer.sqlite;
  }

  insert<T extends SyncedTableName>(table: T, fields: InsertFields<T>): string {
    const { id: givenId, ...rest } = fields as Record<string, SqlValue> & { id?: string };
    const id = givenId ?? newId();
    const names = Object.keys(rest).filter((k) => rest[k] !== undefined);
    this.writer.assertColumns(table, names);
    refusePersonalWriteToErasedFamily(this.sqlite, table, id, rest, names);
    const hlc = this.writer.tick();
    const all = ['id', 'municipality_id', 'created_at', 'created_by', 'updated_at', 'updated_by', ...names];
    const values = [
      id,
      this.actor.municipalityId,
      this.at,
      this.actor.id,
      this.at,
      this.actor.id,
      ...names.map((n) => rest[n] ?? null),
    ];
    this.writer
      .statement(`INSERT INTO ${table} (${all.join(', ')}) VALUES (${all.map(() => '?').join(', ')})`)
      .run(...values);
    const changes: Record<string, ColumnChange> = {};
    for (const n of names) changes[n] = { value: rest[n] ?? null, hlc, base: null };
    // A column left out takes its SQL default here (a flag's 0, a status's first step); the insert
    // carries that value too, so the server and every other laptop hold the same row as this one.
    const columns = (SYNC_TABLES[table] as TableSpec).columns;
    const defaulted = Object.keys(columns).filter((c) => !names.includes(c));
    if (defaulted.length > 0) {
      const stored = this.writer
        .statement(`SELECT ${defaulted.join(', ')} FROM ${table} WHERE id = ?`)
        .get(id) as Record<string, SqlValue>;
      for (const c of defaulted) {
        const value = stored[c];
        if (value !== null && value !== undefined) changes[c] = { value, hlc, base: null };
      }
    }
    this.recordChange(table, id, 'insert', changes, hlc);
    // The history names what the new record says, not every column it could have: a blank one (null,
    // empty text, a flag left off) was not entered.
    const entered = names.filter((n) => {
      const v = rest[n];
      return v !== null && v !== undefined && v !== '' && !(columns[n]?.kind === 'flag' && v === 0);
    });
    this.audit('create', table, id, { fields: entered });
    return id;
  }

  /** Writes only the columns whose value actually changes; returns their names. */
  update<T extends SyncedTableName>(table: T, id: string, patch: UpdateFields<T>): string[] {
    const requested = Object.keys(patch).filter((k) => (patch as Record<string, unknown>)[k] !== undefined);
    this.writer.assertColumns(table, requested);
    const current = this.currentRow(table, id);
    const next = patch as Record<string, SqlValue>;
    const changed = requested.filter((n) => current[n] !== next[n]);
    if (changed.length === 0) return [];
    refusePersonalWriteToErasedFamily(this.sqlite, table, id, { ...current, ...next }, changed);
    const bases = this.fieldClocks(table, id);
    const hlc = this.writer.tick(newestOf(bases.values()));
    this.writer
      .statement(
        `UPDATE ${table} SET ${changed.map((n) => `${n} = ?`).join(', ')}, updated_at = ?, updated_by = ? WHERE id = ?`,
      )
      .run(...changed.map((n) => next[n] ?? null), this.at, this.actor.id, id);
    // A group of columns moves as one on the wire (shared/sync/tables.ts: a stay's dates): the op
    // carries every member, changed or not, so the server never pairs one author's arrival with
    // another's departure.
    const sent = new Set(changed);
    for (const group of syncGroupsOf(table)) {
      if (group.some((n) => sent.has(n))) for (const n of group) sent.add(n);
    }
    const sentValue = (n: string): SqlValue =>
      changed.includes(n) ? (next[n] ?? null) : ((current[n] as SqlValue) ?? null);
    const changes: Record<string, ColumnChange> = {};
    for (const n of sent) changes[n] = { value: sentValue(n), hlc, base: bases.get(n) ?? null };
    this.recordChange(table, id, 'update', changes, hlc);
    this.audit('update', table, id, { fields: changed });
    return changed;
  }

  /**
   * Erase on request (個人情報の削除): overwrite the row's personal columns with `wipe`, as one 'erase'
   * operation that syncs like an edit, and scrub the same columns out of every operation for this row
   * still waiting in the outbox, so the old values never leave this laptop.
   */
  erase<T extends SyncedTableName>(table: T, id: string, wipe: UpdateFields<T>): void {
    const columns = Object.keys(wipe).filter((k) => (wipe as Record<string, unknown>)[k] !== undefined);
    this.writer.assertColumns(table, columns);
    this.currentRow(table, id);
    const values = wipe as Record<string, SqlValue>;
    const bases = this.fieldClocks(table, id);
    const hlc = this.writer.tick(newestOf(bases.values()));
    this.writer
      .statement(
        `UPDATE ${table} SET ${columns.map((n) => `${n} = ?`).join(', ')}, updated_at = ?, updated_by = ? WHERE id = ?`,
      )
      .run(...columns.map((n) => values[n] ?? null), this.at, this.actor.id, id);
    const pending = this.writer
      // Every operation still on this laptop, acknowledged ones included (they are kept for a while
      // in case a restored server asks for them again): none may carry the old values any more.
      .statement('SELECT seq, changes FROM outbox WHERE table_name = ? AND row_id = ?')
      .all(table, id) as { seq: number; changes: string }[];
    for (const op of pending) {
      const changes = JSON.parse(op.changes) as Record<string, ColumnChange>;
      for (const n of columns) {
        const change = changes[n];
        if (change) change.value = values[n] ?? null;
      }
      this.writer
        .statement('UPDATE outbox SET changes = ? WHERE seq = ?')
        .run(JSON.stringify(changes), op.seq);
    }
    const changes: Record<string, ColumnChange> = {};
    for (const n of columns) changes[n] = { value: values[n] ?? null, hlc, base: bases.get(n) ?? null };
    this.recordChange(table, id, 'erase', changes, hlc);
    this.audit('erase', table, id, { fields: columns });
  }

  /** Tombstone: the row stays (sync needs it), marked deleted. */
  softDelete(table: SyncedTableName, id: string): void {
    const current = this.currentRow(table, id);
    if (current.deleted_at !== null) return;
    const bases = this.fieldClocks(table, id);
    const hlc = this.writer.tick(newestOf(bases.values()));
    this.writer
      .statement(`UPDATE ${table} SET deleted_at = ?, updated_at = ?, updated_by = ? WHERE id = ?`)
      .run(this.at, this.at, this.actor.id, id);
    // A delete's base is the newest clock on the row: the server compares it with edits the deleter
    // may not have seen (edit versus delete: docs/sync-principles.md#p6-a-delete-is-a-tombstone-that-syncs).
    let newestSeen: string | null = null;
    for (const clock of bases.values()) if (newestSeen === null || clock > newestSeen) newestSeen = clock;
    // …and, per column, the clock of the value it held, so the server can tell exactly which of a
    // colleague's edits the deleter never saw, whatever the clocks' order.
    this.recordChange(
      table,
      id,
      'delete',
      { deleted_at: { value: this.at, hlc, base: newestSeen, seen: Object.fromEntries(bases) } },
      hlc,
    );
    this.audit('delete', table, id, null);
  }

  /** Lifts a tombstone (undoing a removal); syncs as an edit of deleted_at back to null. */
  restore(table: SyncedTableName, id: string): void {
    const current = this.currentRow(table, id);
    if (current.deleted_at === null) return;
    const bases = this.fieldClocks(table, id);
    const hlc = this.writer.tick(newestOf(bases.values()));
    this.writer
      .statement(`UPDATE ${table} SET deleted_at = NULL, updated_at = ?, updated_by = ? WHERE id = ?`)
      .run(this.at, this.actor.id, id);
    this.recordChange(
      table,
      id,
      'update',
      { deleted_at: { value: null, hlc, base: bases.get('deleted_at') ?? null } },
      hlc,
    );
    this.audit('update', table, id, { fields: ['deleted_at'] });
  }

  audit(action: string, table: string, rowId: string, details: object | null): void {
    this.writer
      .statement(
        'INSERT INTO audit_log (at, municipality_id, actor_id, action, table_name, row_id, details) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        this.at,
        this.actor.municipalityId,
        this.actor.id,
        action,
        table,
        rowId,
        details ? JSON.stringify(details) : null,
      );
  }

  touchedRows(): TouchedRow[] {
    return [...this.touched.values()];
  }

  private currentRow(table: SyncedTableName, id: string): Record<string, SqlValue> {
    const row = this.writer.statement(`SELECT * FROM ${table} WHERE id = ?`).get(id) as
      | Record<string, SqlValue>
      | undefined;
    // Another town's row is as good as absent: the write path never crosses tenants.
    if (!row || row.municipality_id !== this.actor.municipalityId) {
      throw new AppError('NOT_FOUND', `${table} ${id} not found`);
    }
    return row;
  }

  private fieldClocks(table: string, id: string): Map<string, string> {
    const rows = this.writer
      .statement('SELECT column_name, hlc FROM field_clock WHERE table_name = ? AND row_id = ?')
      .all(table, id) as { column_name: string; hlc: string }[];
    return new Map(rows.map((r) => [r.column_name, r.hlc]));
  }

  private recordChange(
    table: SyncedTableName,
    id: string,
    op: 'insert' | 'update' | 'delete' | 'erase',
    changes: Record<string, ColumnChange>,
    hlc: string,
  ): void {
    const upsertClock = this.writer.statement(
      `INSERT INTO field_clock (table_name, row_id, column_name, hlc) VALUES (?, ?, ?, ?)
       ON CONFLICT (table_name, row_id, column_name) DO UPDATE SET hlc = excluded.hlc`,
    );
    for (const column of Object.keys(changes)) upsertClock.run(table, id, column, hlc);
    const json = JSON.stringify(changes);
    // The id is derived from what the operation writes (as stored), so the compact wire can leave it out.
    this.writer
      .statement(
        'INSERT INTO outbox (op_id, municipality_id, table_name, row_id, op, changes, hlc, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        opIdFor({ table, row: id, op, changes: JSON.parse(json) }),
        this.actor.municipalityId,
        table,
        id,
        op,
        json,
        hlc,
        this.at,
      );
    this.touched.set(`${table}:${id}`, { table, id });
  }
}
