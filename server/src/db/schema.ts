import type { ColumnType, Generated } from 'kysely';

/** Kysely's view of server/migrations/*.sql. */

type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** bigint columns arrive as strings from pg (they may exceed 2^53); numbers are accepted on write. */
type Int8 = ColumnType<string, string | number, string | number>;
/** An int8 with a database default. */
type Int8Default = ColumnType<string, string | number | undefined, string | number>;
type Json<T> = ColumnType<T, string, string>;

export interface TownTable {
  id: string;
  name: string;
  prefecture: string;
  spend_per_person_night_yen: Generated<number>;
  ripple_multiplier: ColumnType<string, string | number | undefined, string | number>;
  created_at: Generated<Date>;
}

export interface TownSeqTable {
  municipality_id: string;
  last_seq: Int8Default;
  /** The newest clock stored for the town (migration 0010; sync/shared-clock.ts). */
  last_hlc: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface AppUserTable {
  id: string;
  municipality_id: string;
  display_name: string;
  role: string;
  created_at: Generated<Date>;
  disabled_at: Date | null;
}

export interface DeviceTable {
  id: string;
  user_id: string;
  municipality_id: string;
  name: string;
  refresh_hash: string;
  /** The secret before the current one, still accepted once (migration 0008). */
  previous_refresh_hash: ColumnType<string | null, string | null | undefined, string | null>;
  high_water: Int8Default;
  created_at: Generated<Date>;
  last_seen_at: Timestamp | null;
  last_sync_at: Timestamp | null;
  revoked_at: Timestamp | null;
  /** Why it was revoked (migration device_lifecycle): 'lost' wipes at once, 'retired' pushes first; null a plain refusal. */
  revoke_reason: ColumnType<
    'lost' | 'retired' | null,
    'lost' | 'retired' | null | undefined,
    'lost' | 'retired' | null
  >;
  wipe_ordered_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  wipe_acknowledged_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface EnrollmentCodeTable {
  code_hash: string;
  user_id: string;
  municipality_id: string;
  expires_at: Timestamp;
  created_at: Generated<Date>;
  used_at: Timestamp | null;
  device_id: string | null;
}

export interface AccessTokenTable {
  token_hash: string;
  device_id: string;
  municipality_id: string;
  expires_at: Timestamp;
}

export interface RecordTable {
  id: string;
  municipality_id: string;
  table_name: string;
  vals: Json<Record<string, string | number | null>>;
  /** Per-column clocks, grouped (sync/stored-clocks.ts); read them with unpackClocks. */
  clocks: Json<unknown>;
  erased: ColumnType<string[], string | undefined, string>;
  seq: Int8;
  origin_device: string | null;
  /** The row as pulled, minus seq (sync/wire.ts); null for rows written before migration 0004. */
  wire: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: Timestamp;
  created_by: string;
  updated_at: Timestamp;
  updated_by: string;
}

export interface QuarantineTable {
  device_id: string;
  seq: Int8;
  municipality_id: string;
  op: Json<unknown>;
  code: string;
  message: string;
  received_at: Generated<Date>;
}

export interface AppliedOpTable {
  device_id: string;
  seq: Int8;
  op_id: string;
  municipality_id: string;
  applied_at: Generated<Date>;
}

export interface SyncLogTable {
  id: Generated<string>;
  device_id: string;
  municipality_id: string;
  at: Generated<Date>;
  pushed: number;
  applied: number;
  duplicates: number;
  conflicts: number;
  quarantined: number;
  pulled: number;
  duration_ms: number;
}

export interface BlobTable {
  municipality_id: string;
  sha256: string;
  size_bytes: Int8;
  mime_type: string;
  created_at: Generated<Date>;
  created_by: string;
}

export interface RetiredRefreshTable {
  refresh_hash: string;
  device_id: string;
  municipality_id: string;
  retired_at: Generated<Date>;
}

export type DeviceAuditAction =
  | 'revoked'
  | 'wipe_ordered'
  | 'pushed_before_wipe'
  | 'wipe_acknowledged'
  | 'unlock_code_issued'
  | 'unlock_code_used';

/** A step in a device's life (migration device_lifecycle): never a record's values. */
export interface DeviceAuditTable {
  id: Generated<string>;
  municipality_id: string;
  device_id: string;
  action: DeviceAuditAction;
  detail: ColumnType<Record<string, unknown>, string | undefined, string>;
  at: Generated<Date>;
}

/** An offline unlock code's nonce (the code itself is never stored). */
export interface UnlockCodeTable {
  nonce: string;
  municipality_id: string;
  device_id: string;
  expires_at: Timestamp;
  issued_at: Generated<Date>;
  used_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

/** A wipe acknowledgement token (migration 0016): only its hash, the device it speaks for, when spent. */
export interface WipeAckTokenTable {
  token_hash: string;
  municipality_id: string;
  device_id: string;
  issued_at: Generated<Date>;
  used_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface ServerSigningKeyTable {
  id: number;
  public_key: string;
  private_key: string;
  created_at: Generated<Date>;
}

export interface SchemaMigrationTable {
  version: number;
  name: string;
  checksum: string;
  applied_at: Generated<Date>;
}

export interface ServerDB {
  town: TownTable;
  town_seq: TownSeqTable;
  app_user: AppUserTable;
  device: DeviceTable;
  enrollment_code: EnrollmentCodeTable;
  access_token: AccessTokenTable;
  record: RecordTable;
  quarantine: QuarantineTable;
  applied_op: AppliedOpTable;
  sync_log: SyncLogTable;
  blob: BlobTable;
  retired_refresh: RetiredRefreshTable;
  device_audit: DeviceAuditTable;
  unlock_code: UnlockCodeTable;
  wipe_ack_token: WipeAckTokenTable;
  server_signing_key: ServerSigningKeyTable;
  schema_migration: SchemaMigrationTable;
}
