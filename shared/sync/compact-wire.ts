import { z } from 'zod';
import { decodeHlc, encodeHlc } from '../hlc.ts';
import { AUTHORSHIP } from '../records/registry.ts';
import {
  type ColumnChange,
  HLC_PATTERN,
  OP_KINDS,
  type OpKind,
  type PulledChange,
  type PushOp,
  type SyncRequest,
  type SyncResponse,
  type WireValue,
  wireValue,
} from './protocol.ts';

/**
 * The compact wire (protocol 2): the same operations and rows as protocol 1, laid out so that gzip
 * has little left to squeeze. Protocol 1 repeats on every operation its column names, a clock and a
 * base per column, an operation id and a timestamp, and on every pulled row its column names, its
 * clock and four bookkeeping fields; most of that is either the same as the row before or derivable.
 * Here rows of one table with the same columns form a block; each block names its columns once and
 * carries every field as a column (column-major), so similar values sit next to each other:
 * - clocks as numbers (milliseconds as a difference from the previous row, the counter, the node as an
 *   index into one list per message), rebuilt to the exact same strings;
 * - one clock per operation (the writer stamps all of an operation's columns with one clock), and a
 *   base per operation when all its columns share one;
 * - the operation id left out when it is the one `opIdFor` derives from the operation's content;
 * - timestamps (the operation's `at`, a row's created/updated times) as milliseconds from the clock;
 * - authors (created_by/updated_by) as indexes into one list per message.
 * Anything that does not fit (a clock that is not canonical, columns with different clocks, a
 * timestamp not in ISO form) travels in `loose`, exactly as in protocol 1. Both directions decode to
 * protocol 1's shapes, so everything past the decoder (validation, merge, storage) is unchanged.
 */

export const COMPACT_PROTOCOL = 2;

// ------------------------------------------------------------------------------------------------
// Operation ids derived from content

/** 128 bits of a non-cryptographic hash (four 32-bit lanes, each mixed with all of the input). */
function hash128(text: string): [number, number, number, number] {
  let h1 = 0x6a09e667;
  let h2 = 0xbb67ae85;
  let h3 = 0x3c6ef372;
  let h4 = 0xa54ff53a;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/**
 * The id of an operation, derived from everything it writes: its table, row, kind and each column's
 * value, clock and base (the clock is unique per operation of a device). The server records it to
 * tell a re-sent operation ("duplicate") from a different one under a reused number: two operations
 * with the same derived id write exactly the same thing with the same clocks, so taking one for the
 * other loses nothing. Shaped as a UUID (version 8, "custom") because that is what is stored.
 */
export function opIdFor(op: Pick<PushOp, 'table' | 'row' | 'op' | 'changes'>): string {
  const columns = Object.keys(op.changes).sort();
  const content = JSON.stringify([
    op.table,
    op.row,
    op.op,
    columns.map((c) => {
      const change = op.changes[c] as ColumnChange;
      return [c, change.value, change.hlc, change.base];
    }),
  ]);
  const hex = hash128(content)
    .map((n) => n.toString(16).padStart(8, '0'))
    .join('');
  const variant = ((Number.parseInt(hex[16] as string, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

// ------------------------------------------------------------------------------------------------
// Clocks as numbers

/** Clocks of one block: milliseconds as differences, counters, and node indexes (one number if all equal). */
export interface ClockColumn {
  ms: number[];
  ctr: number[];
  node: number | number[];
}

const clockColumn = z.strictObject({
  ms: z.array(z.number().int()),
  ctr: z.array(z.number().int().nonnegative().max(0xffff)),
  node: z.union([z.number().int().nonnegative(), z.array(z.number().int().nonnegative())]),
});

/** The decoded clock when `hlc` re-encodes to itself exactly, else null (it must travel loose). */
function canonical(hlc: string): { millis: number; counter: number; node: string } | null {
  if (!HLC_PATTERN.test(hlc)) return null;
  const parts = decodeHlc(hlc);
  return encodeHlc(parts) === hlc ? parts : null;
}

class Nodes {
  readonly list: string[] = [];
  private readonly index = new Map<string, number>();
  of(node: string): number {
    let i = this.index.get(node);
    if (i === undefined) {
      i = this.list.length;
      this.list.push(node);
      this.index.set(node, i);
    }
    return i;
  }
}

function encodeClocks(clocks: readonly string[], nodes: Nodes): ClockColumn {
  const ms: number[] = [];
  const ctr: number[] = [];
  const node: number[] = [];
  let previous = 0;
  for (const hlc of clocks) {
    const parts = decodeHlc(hlc);
    ms.push(parts.millis - previous);
    previous = parts.millis;
    ctr.push(parts.counter);
    node.push(nodes.of(parts.node));
  }
  const first = node[0] ?? 0;
  return { ms, ctr, node: node.every((n) => n === first) ? first : node };
}

function decodeClocks(column: ClockColumn, nodes: readonly string[], count: number): string[] {
  if (column.ms.length !== count || column.ctr.length !== count)
    throw new CompactWireError('clock column length');
  if (Array.isArray(column.node) && column.node.length !== count)
    throw new CompactWireError('node column length');
  const out: string[] = [];
  let millis = 0;
  for (let i = 0; i < count; i++) {
    millis += column.ms[i] as number;
    const n = Array.isArray(column.node) ? column.node[i] : column.node;
    const node = nodes[n as number];
    if (node === undefined || !Number.isSafeInteger(millis) || millis < 0) {
      throw new CompactWireError('clock out of range');
    }
    const hlc = encodeHlc({ millis, counter: column.ctr[i] as number, node });
    if (!HLC_PATTERN.test(hlc)) throw new CompactWireError('not an HLC timestamp');
    out.push(hlc);
  }
  return out;
}

/** Milliseconds from `millis` when `iso` is exactly `toISOString()` of some instant, else null. */
function offsetOf(iso: string, millis: number): number | null {
  const t = Date.parse(iso);
  if (!Number.isFinite(t) || new Date(t).toISOString() !== iso) return null;
  return t - millis;
}

function isoAt(millis: number): string {
  const d = new Date(millis);
  if (Number.isNaN(d.getTime())) throw new CompactWireError('timestamp out of range');
  return d.toISOString();
}

/** A compact message that does not decode: refused as a whole, before anything is written. */
export class CompactWireError extends Error {
  constructor(message: string) {
    super(`compact wire: ${message}`);
    this.name = 'CompactWireError';
  }
}

const deltas = (xs: readonly number[]): number[] =>
  xs.map((x, i) => (i === 0 ? x : x - (xs[i - 1] as number)));
function undelta(xs: readonly number[]): number[] {
  const out: number[] = [];
  let sum = 0;
  for (const x of xs) {
    sum += x;
    out.push(sum);
  }
  return out;
}

function columnOf<T>(values: readonly T[], count: number, what: string): readonly T[] {
  if (values.length !== count) throw new CompactWireError(`${what} column length`);
  return values;
}

// ------------------------------------------------------------------------------------------------
// Push: operations

const name = z.string().min(1).max(64);
const hlcString = z.string().regex(HLC_PATTERN);

export const opBlock = z.strictObject({
  table: name,
  op: z.enum(OP_KINDS),
  cols: z.array(name),
  /** Operation numbers, as differences from the previous one (the first as is). */
  seq: z.array(z.number().int()),
  row: z.array(z.string()),
  clock: clockColumn,
  /** Milliseconds of `at` after the operation's clock (usually 0 or a few milliseconds before). */
  at: z.array(z.number().int()),
  /** Per operation: null (no base), one base for every column, or a base per column. Absent: all null. */
  base: z.array(z.union([z.null(), hlcString, z.record(name, hlcString.nullable())])).optional(),
  /** Operation ids that are not derived (`opIdFor`); null where derived. Absent: all derived. */
  id: z.array(z.string().nullable()).optional(),
  /** One array per column (column-major). */
  vals: z.array(z.array(wireValue)),
});
export type OpBlock = z.infer<typeof opBlock>;

export const compactPush = z.strictObject({
  nodes: z.array(z.string().min(1).max(64)),
  blocks: z.array(opBlock),
  /** Operations that do not fit a block, as protocol 1 sends them (validated there). */
  loose: z.array(z.unknown()),
});
export type CompactPush = z.infer<typeof compactPush>;

/** The one clock of an operation whose columns all share it, canonical; null otherwise. */
function soleClock(op: PushOp): string | null {
  let clock: string | null = null;
  for (const change of Object.values(op.changes)) {
    // A delete's per-column `seen` clocks (edit versus delete) have no column here: such an op
    // travels loose, whole, rather than losing what the deleter saw.
    if (change.seen !== undefined) return null;
    if (clock === null) clock = change.hlc;
    else if (change.hlc !== clock) return null;
  }
  return clock !== null && canonical(clock) ? clock : null;
}

export function encodePush(ops: readonly PushOp[]): CompactPush {
  const nodes = new Nodes();
  const blocks = new Map<
    string,
    { table: string; op: OpKind; cols: string[]; ops: PushOp[]; clocks: string[] }
  >();
  const loose: PushOp[] = [];
  for (const op of ops) {
    const clock = soleClock(op);
    const at = clock ? offsetOf(op.at, decodeHlc(clock).millis) : null;
    if (!clock || at === null) {
      loose.push(op);
      continue;
    }
    const cols = Object.keys(op.changes);
    const key = JSON.stringify([op.table, op.op, cols]);
    let block = blocks.get(key);
    if (!block) {
      block = { table: op.table, op: op.op, cols, ops: [], clocks: [] };
      blocks.set(key, block);
    }
    block.ops.push(op);
    block.clocks.push(clock);
  }
  const out: OpBlock[] = [];
  for (const b of blocks.values()) {
    const clock = encodeClocks(b.clocks, nodes);
    const bases = b.ops.map((op) => {
      const list = b.cols.map((c) => (op.changes[c] as ColumnChange).base);
      const first = list[0] ?? null;
      if (list.every((x) => x === first)) return first;
      return Object.fromEntries(b.cols.map((c, i) => [c, list[i] ?? null]));
    });
    const ids = b.ops.map((op) => (op.op_id === opIdFor(op) ? null : op.op_id));
    const block: OpBlock = {
      table: b.table,
      op: b.op,
      cols: b.cols,
      seq: deltas(b.ops.map((op) => op.seq)),
      row: b.ops.map((op) => op.row),
      clock,
      at: b.ops.map((op, i) => offsetOf(op.at, decodeHlc(b.clocks[i] as string).millis) as number),
      vals: b.cols.map((c) => b.ops.map((op) => (op.changes[c] as ColumnChange).value)),
    };
    if (bases.some((x) => x !== null)) block.base = bases;
    if (ids.some((x) => x !== null)) block.id = ids;
    out.push(block);
  }
  return { nodes: nodes.list, blocks: out, loose };
}

/**
 * Back to protocol 1's operations, in operation-number order. Shapes are checked here; everything
 * else (ids, tables, columns, values) by protocol 1's schema and validation afterwards.
 */
export function decodePush(push: CompactPush): unknown[] {
  const ops: { seq: number; op: unknown }[] = [];
  for (const block of push.blocks) {
    const count = block.row.length;
    const seqs = undelta(columnOf(block.seq, count, 'seq'));
    const clocks = decodeClocks(block.clock, push.nodes, count);
    const at = columnOf(block.at, count, 'at');
    const bases = block.base ? columnOf(block.base, count, 'base') : null;
    const ids = block.id ? columnOf(block.id, count, 'id') : null;
    if (block.vals.length !== block.cols.length) throw new CompactWireError('one value column per column');
    if (new Set(block.cols).size !== block.cols.length) throw new CompactWireError('a column named twice');
    for (const column of block.vals) columnOf(column, count, 'value');
    for (let i = 0; i < count; i++) {
      const hlc = clocks[i] as string;
      const base = bases ? bases[i] : null;
      const changes: Record<string, ColumnChange> = {};
      block.cols.forEach((c, j) => {
        const b = base === null || base === undefined ? null : typeof base === 'string' ? base : base[c];
        if (b === undefined) throw new CompactWireError(`no base for ${c}`);
        changes[c] = { value: block.vals[j]?.[i] as WireValue, hlc, base: b };
      });
      const op = {
        seq: seqs[i] as number,
        op_id: '',
        table: block.table,
        row: block.row[i] as string,
        op: block.op,
        at: isoAt(decodeHlc(hlc).millis + (at[i] as number)),
        changes,
      };
      op.op_id = ids?.[i] ?? opIdFor(op);
      ops.push({ seq: op.seq, op });
    }
  }
  for (const op of push.loose) {
    const seq = (op as { seq?: unknown })?.seq;
    ops.push({ seq: typeof seq === 'number' ? seq : Number.NaN, op });
  }
  // Stable: ops with the same number stay as they came and are refused by protocol 1's order check.
  return ops.sort((a, b) => a.seq - b.seq).map((o) => o.op);
}

// ------------------------------------------------------------------------------------------------
// Pull: rows

export const rowBlock = z.strictObject({
  table: name,
  cols: z.array(name),
  /** Server sequence numbers, as differences from the previous one (the first as is). */
  seq: z.array(z.number().int()),
  id: z.array(z.string()),
  /** Each row's newest clock. */
  clock: clockColumn,
  /** Columns whose clock is not the row's newest, per row (null: none). Absent: none at all. */
  clocks: z.array(z.record(name, hlcString).nullable()).optional(),
  /** created_at and updated_at as milliseconds after the row's clock; authors as `users` indexes. */
  created_at: z.array(z.number().int()),
  updated_at: z.array(z.number().int()),
  created_by: z.union([z.number().int().nonnegative(), z.array(z.number().int().nonnegative())]),
  updated_by: z.union([z.number().int().nonnegative(), z.array(z.number().int().nonnegative())]),
  vals: z.array(z.array(wireValue)),
});
export type RowBlock = z.infer<typeof rowBlock>;

export const compactPage = z.strictObject({
  nodes: z.array(z.string()),
  users: z.array(z.string()),
  blocks: z.array(rowBlock),
  loose: z.array(z.unknown()),
});
export type CompactPage = z.infer<typeof compactPage>;

function fitsBlock(change: PulledChange): boolean {
  if (!canonical(change.hlc)) return false;
  const millis = decodeHlc(change.hlc).millis;
  for (const k of AUTHORSHIP) if (typeof change.values[k] !== 'string') return false;
  if (offsetOf(change.values.created_at as string, millis) === null) return false;
  if (offsetOf(change.values.updated_at as string, millis) === null) return false;
  return true;
}

const sameOrList = (xs: number[]): number | number[] => {
  const first = xs[0] ?? 0;
  return xs.every((x) => x === first) ? first : xs;
};

export function encodePage(changes: readonly PulledChange[]): CompactPage {
  const nodes = new Nodes();
  const users = new Nodes();
  const blocks = new Map<string, { table: string; cols: string[]; rows: PulledChange[] }>();
  const loose: PulledChange[] = [];
  for (const change of changes) {
    if (!fitsBlock(change)) {
      loose.push(change);
      continue;
    }
    const cols = Object.keys(change.values).filter((c) => !(AUTHORSHIP as readonly string[]).includes(c));
    const key = JSON.stringify([change.table, cols]);
    let block = blocks.get(key);
    if (!block) {
      block = { table: change.table, cols, rows: [] };
      blocks.set(key, block);
    }
    block.rows.push(change);
  }
  const out: RowBlock[] = [];
  for (const b of blocks.values()) {
    const millis = b.rows.map((r) => decodeHlc(r.hlc).millis);
    const block: RowBlock = {
      table: b.table,
      cols: b.cols,
      seq: deltas(b.rows.map((r) => r.seq)),
      id: b.rows.map((r) => r.id),
      clock: encodeClocks(
        b.rows.map((r) => r.hlc),
        nodes,
      ),
      created_at: b.rows.map(
        (r, i) => offsetOf(r.values.created_at as string, millis[i] as number) as number,
      ),
      updated_at: b.rows.map(
        (r, i) => offsetOf(r.values.updated_at as string, millis[i] as number) as number,
      ),
      created_by: sameOrList(b.rows.map((r) => users.of(r.values.created_by as string))),
      updated_by: sameOrList(b.rows.map((r) => users.of(r.values.updated_by as string))),
      vals: b.cols.map((c) => b.rows.map((r) => r.values[c] ?? null)),
    };
    if (b.rows.some((r) => r.clocks)) block.clocks = b.rows.map((r) => r.clocks ?? null);
    out.push(block);
  }
  return { nodes: nodes.list, users: users.list, blocks: out, loose };
}

export function decodePage(page: CompactPage): PulledChange[] {
  const rows: PulledChange[] = [];
  const user = (list: number | number[], i: number): string => {
    const u = page.users[Array.isArray(list) ? (list[i] as number) : list];
    if (u === undefined) throw new CompactWireError('author out of range');
    return u;
  };
  for (const block of page.blocks) {
    const count = block.id.length;
    const seqs = undelta(columnOf(block.seq, count, 'seq'));
    const clocks = decodeClocks(block.clock, page.nodes, count);
    const exceptions = block.clocks ? columnOf(block.clocks, count, 'clocks') : null;
    columnOf(block.created_at, count, 'created_at');
    columnOf(block.updated_at, count, 'updated_at');
    if (Array.isArray(block.created_by)) columnOf(block.created_by, count, 'created_by');
    if (Array.isArray(block.updated_by)) columnOf(block.updated_by, count, 'updated_by');
    if (block.vals.length !== block.cols.length) throw new CompactWireError('one value column per column');
    for (const column of block.vals) columnOf(column, count, 'value');
    for (let i = 0; i < count; i++) {
      const hlc = clocks[i] as string;
      const millis = decodeHlc(hlc).millis;
      const values: Record<string, WireValue> = {};
      block.cols.forEach((c, j) => {
        values[c] = block.vals[j]?.[i] as WireValue;
      });
      values.created_at = isoAt(millis + (block.created_at[i] as number));
      values.created_by = user(block.created_by, i);
      values.updated_at = isoAt(millis + (block.updated_at[i] as number));
      values.updated_by = user(block.updated_by, i);
      const change: PulledChange = {
        seq: seqs[i] as number,
        table: block.table,
        id: block.id[i] as string,
        values,
        hlc,
      };
      const exception = exceptions?.[i];
      if (exception) change.clocks = exception;
      rows.push(change);
    }
  }
  rows.push(...(page.loose as PulledChange[]));
  return rows.sort((a, b) => a.seq - b.seq);
}

// ------------------------------------------------------------------------------------------------
// Whole messages

/** A protocol 2 request: protocol 1's fields, with `push` in place of `ops`. */
export type CompactRequest = Omit<SyncRequest, 'ops' | 'protocol'> & { protocol: 2; push: CompactPush };
/** A protocol 2 answer: protocol 1's fields, with `page` in place of `changes`. */
export type CompactResponse = Omit<SyncResponse, 'changes'> & { page: CompactPage };

export function encodeRequest(body: SyncRequest): CompactRequest {
  const { ops, protocol: _protocol, ...rest } = body;
  return { ...rest, protocol: COMPACT_PROTOCOL, push: encodePush(ops) };
}

/** A protocol 2 request body as protocol 1's (for the usual schema check); throws CompactWireError. */
export function decodeRequest(body: unknown): unknown {
  const raw = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const { push, ...rest } = raw;
  if (rest.ops !== undefined) throw new CompactWireError('protocol 2 sends push, not ops');
  const parsed = compactPush.safeParse(push ?? { nodes: [], blocks: [], loose: [] });
  if (!parsed.success) throw new CompactWireError(parsed.error.issues[0]?.message ?? 'push');
  return { ...rest, ops: decodePush(parsed.data) };
}

export function decodeResponse(body: CompactResponse): SyncResponse {
  const { page, ...rest } = body;
  const parsed = compactPage.safeParse(page);
  if (!parsed.success) throw new CompactWireError(parsed.error.issues[0]?.message ?? 'page');
  return { ...rest, changes: decodePage(parsed.data) };
}
