/**
 * The sync vocabulary of errors, one list for both sides (docs/architecture.md, "Errors and logs").
 * The server answers every refusal with one of SERVER_ERRORS (`{ "error": { "code", "message" } }`,
 * shared/sync/protocol.ts ErrorBody) and sets an operation aside with one of OP_REASON_CODES; the
 * laptop names the failures no server answered (SYNC_CLIENT_CODES). The laptop compares these typed
 * codes; a code from a newer server it does not know becomes UNKNOWN (its text is kept for people).
 * Every code has Japanese and English text in the renderer (tests/unit/sync-error-messages.test.ts).
 */

/** Every error code the server answers with, and its HTTP status. */
export const SERVER_ERRORS = {
  INVALID_REQUEST: 400,
  INVALID_JSON: 400,
  UNKNOWN_TABLE: 400,
  UNKNOWN_COLUMN: 400,
  UNAUTHENTICATED: 401,
  TOKEN_EXPIRED: 401,
  DEVICE_REVOKED: 401,
  ENROLLMENT_CODE_INVALID: 401,
  /** A wipe acknowledgement with a token this server never gave that device (docs/security.md). */
  WIPE_ACK_TOKEN_INVALID: 401,
  FORBIDDEN: 403,
  FORBIDDEN_ROW: 403,
  FORBIDDEN_TABLE: 403,
  DEVICE_MISMATCH: 403,
  NOT_FOUND: 404,
  /**
   * The device was revoked as lost or retired: `wipe` ('lost' | 'retired') says what to do. Lost:
   * erase at once. Retired: push what it holds, then erase (docs/security.md).
   */
  DEVICE_WIPE: 410,
  METHOD_NOT_ALLOWED: 405,
  /** The device's wipe is already acknowledged: its tokens are spent. */
  WIPE_ACK_TOKEN_USED: 409,
  SEQ_GAP: 409,
  SEQ_REUSED: 409,
  CLOCK_SKEW: 409,
  HASH_MISMATCH: 409,
  /** tus: the PATCH's Upload-Offset is not where the upload stands; HEAD it and resume from there. */
  UPLOAD_OFFSET_MISMATCH: 409,
  PAYLOAD_TOO_LARGE: 413,
  UPLOAD_QUOTA_EXCEEDED: 413,
  BATCH_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RANGE_NOT_SATISFIABLE: 416,
  UNSUPPORTED_VERSION: 426,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  SHUTTING_DOWN: 503,
  DATABASE_UNAVAILABLE: 503,
} as const;

export type ServerErrorCode = keyof typeof SERVER_ERRORS;
export const SERVER_ERROR_CODES = Object.keys(SERVER_ERRORS) as readonly ServerErrorCode[];

export function isServerErrorCode(code: unknown): code is ServerErrorCode {
  return typeof code === 'string' && Object.hasOwn(SERVER_ERRORS, code);
}

/** Why the server set one operation aside (`OpResult.reason.code`, status 'quarantined'). */
export const OP_REASON_CODES = [
  'UNKNOWN_TABLE',
  'UNKNOWN_COLUMN',
  'DATE_OUT_OF_RANGE',
  'TEXT_INVALID',
  'VALUE_INVALID',
  'REQUIRED_MISSING',
  'NOT_WRITABLE',
  'BAD_OPERATION',
  'INCOMPLETE_GROUP',
  'ROW_MISSING',
] as const;

export type OpReasonCode = (typeof OP_REASON_CODES)[number];

export function isOpReasonCode(code: unknown): code is OpReasonCode {
  return typeof code === 'string' && (OP_REASON_CODES as readonly string[]).includes(code);
}

/**
 * What the laptop calls a failure the server did not name: no answer at all (OFFLINE, TIMEOUT,
 * NETWORK), an error answer without a code (SERVER_ERROR), an answer it could not read
 * (BAD_ANSWER), or its own reasons not to exchange (not enrolled, no backup, a stopped engine's
 * clock behind, a fault of its own).
 */
export const SYNC_CLIENT_CODES = [
  'OFFLINE',
  'TIMEOUT',
  'NETWORK',
  'SERVER_ERROR',
  'BAD_ANSWER',
  'NOT_ENROLLED',
  'BACKUP_FAILED',
  'CLOCK_BEHIND',
] as const;

export type SyncClientCode = (typeof SYNC_CLIENT_CODES)[number];

/** A code from a server newer than this laptop: handled as a failure with no special meaning. */
export const UNKNOWN_SERVER_CODE = 'UNKNOWN';

export type SyncErrorCode = ServerErrorCode | SyncClientCode | typeof UNKNOWN_SERVER_CODE;

/** Every code a sync failure on the laptop can carry (each has text on the 同期 page). */
export const SYNC_ERROR_CODES: readonly SyncErrorCode[] = [
  ...SERVER_ERROR_CODES,
  ...SYNC_CLIENT_CODES,
  UNKNOWN_SERVER_CODE,
];

export function isSyncErrorCode(code: unknown): code is SyncErrorCode {
  return typeof code === 'string' && (SYNC_ERROR_CODES as readonly string[]).includes(code);
}

/** The code of a server's error answer as the laptop knows it; UNKNOWN for anything else. */
export function toSyncErrorCode(code: unknown): SyncErrorCode {
  return isSyncErrorCode(code) ? code : UNKNOWN_SERVER_CODE;
}
