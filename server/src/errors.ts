/**
 * Every error answer of the server is `{ "error": { "code", "message", ...details } }` with a stable
 * code the laptop maps to Japanese (shared/sync/protocol.ts ErrorBody). Route code throws ApiError;
 * the error handler in app.ts turns it, and anything else, into that shape.
 */
export const API_ERRORS = {
  INVALID_REQUEST: 400,
  INVALID_JSON: 400,
  UNKNOWN_TABLE: 400,
  UNKNOWN_COLUMN: 400,
  UNAUTHENTICATED: 401,
  TOKEN_EXPIRED: 401,
  DEVICE_REVOKED: 401,
  ENROLLMENT_CODE_INVALID: 401,
  FORBIDDEN: 403,
  FORBIDDEN_ROW: 403,
  FORBIDDEN_TABLE: 403,
  DEVICE_MISMATCH: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
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

export type ApiErrorCode = keyof typeof API_ERRORS;

export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly status: number;
  readonly details: Record<string, unknown>;

  constructor(code: ApiErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = API_ERRORS[code];
    this.details = details;
  }

  toBody(): { error: Record<string, unknown> } {
    return { error: { code: this.code, message: this.message, ...this.details } };
  }
}
