import { z } from 'zod';

/**
 * The sync wire (docs/sync-design.md). One `POST /v1/sync` pushes a batch of outbox operations and
 * pulls a page of changes. Both sides import these schemas, so a field renamed on one side fails the
 * other's type check.
 */

/**
 * Bumped only for an incompatible change of the wire itself. 1: every operation and row as a JSON
 * object; 2: the same, laid out by table and column (shared/sync/compact-wire.ts). The server
 * speaks both; a laptop speaks 2 and falls back to 1 when the server answers that it cannot.
 */
export const PROTOCOL_VERSION = 2;
/** The record schema (shared/sync/tables.ts); additive changes bump it and stay compatible. */
export const SCHEMA_VERSION = 1;

/** What the server accepts today; a client outside gets 426 with these ranges. */
export const SUPPORTED = {
  protocol: { min: 1, max: PROTOCOL_VERSION },
  schema: { min: 1, max: SCHEMA_VERSION },
} as const;

/** The server's defaults; advertised in every answer so clients can size their batches. */
export const DEFAULT_LIMITS = {
  maxOps: 1000,
  // A new laptop's first sync over an island link is round trips more than bytes (600 ms each):
  // 5,000-row pages (about 1.5 MB of JSON, 0.3 MB on the wire) cut a large town's 230 pages to 47.
  maxPage: 5000,
  defaultPage: 1000,
  maxBodyBytes: 8 * 1024 * 1024,
} as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** shared/hlc.ts's encoding: 16 digits, 4 hex digits, an alphanumeric node id. */
export const HLC_PATTERN = /^\d{16}-[0-9a-f]{4}-[0-9A-Za-z_]{1,64}$/;

const uuid = z.string().regex(UUID, 'not a UUID');
const hlc = z.string().regex(HLC_PATTERN, 'not an HLC timestamp');
/** Stored values are SQLite's: text, numbers or null. */
export const wireValue = z.union([z.string(), z.number().finite(), z.null()]);
export type WireValue = z.infer<typeof wireValue>;

export const columnChange = z.strictObject({
  value: wireValue,
  hlc,
  base: hlc.nullable(),
  /**
   * A delete's `deleted_at` only: the clock of every other column's value as its author held it, so
   * the server can tell which edits the deleter never saw (edit versus delete). Absent from older
   * laptops, whose delete says only the newest clock it saw (`base`).
   */
  seen: z.record(z.string().min(1).max(64), hlc).optional(),
});
export type ColumnChange = z.infer<typeof columnChange>;

export const OP_KINDS = ['insert', 'update', 'delete', 'erase'] as const;
export type OpKind = (typeof OP_KINDS)[number];

export const pushOp = z.strictObject({
  /** The device's own operation number (outbox seq); the server keeps the high-water mark. */
  seq: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  op_id: uuid,
  table: z.string().min(1).max(64),
  row: uuid,
  op: z.enum(OP_KINDS),
  /** When the author wrote it, for the record's updated_at (never trusted for ordering). */
  at: z.iso.datetime({ offset: true }),
  changes: z.record(z.string().min(1).max(64), columnChange),
});
export type PushOp = z.infer<typeof pushOp>;

export const syncRequest = z.strictObject({
  protocol: z.number().int(),
  schema: z.number().int(),
  device_id: uuid,
  /**
   * The highest operation number this device has seen acknowledged. A server that remembers less
   * (restored from a backup) answers SEQ_GAP with the number it expects, and the device re-sends.
   */
  after_seq: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  ops: z.array(pushOp),
  /** The last server sequence number this device applied ('0' for a new device). */
  cursor: z.string().regex(/^\d{1,18}$/, 'not a cursor'),
  page_size: z.number().int().positive().optional(),
  /**
   * Also send the rows this device wrote itself. Normally skipped (the device has them); a database
   * restored from a backup lacks what it wrote after the backup, and re-pulls with this set.
   */
  include_own: z.boolean().optional(),
});
export type SyncRequest = z.infer<typeof syncRequest>;

export const OP_STATUSES = ['applied', 'duplicate', 'conflict', 'quarantined'] as const;
export type OpStatus = (typeof OP_STATUSES)[number];

export interface OpResult {
  seq: number;
  status: OpStatus;
  /** A stable code for 'quarantined' (e.g. VALUE_INVALID) and a hint for people. */
  reason?: { code: string; message: string; column?: string };
}

/** One row's current state, as pulled. */
export interface PulledChange {
  /** The server sequence number of the row's last change. */
  seq: number;
  table: string;
  id: string;
  values: Record<string, WireValue>;
  /** The newest field clock of the row; `clocks` lists only fields whose clock differs from it. */
  hlc: string;
  clocks?: Record<string, string>;
}

export interface SyncLimits {
  maxOps: number;
  maxPage: number;
  maxBodyBytes: number;
}

export interface SyncResponse {
  results: OpResult[];
  /** The device's operation high-water mark after this request. */
  high_water: number;
  changes: PulledChange[];
  cursor: string;
  has_more: boolean;
  server_hlc: string;
  limits: SyncLimits;
}

/** Every error answer of the server, 4xx or 5xx. */
export interface ErrorBody {
  error: { code: string; message: string; [detail: string]: unknown };
}
