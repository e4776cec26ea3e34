import { SERVER_ERRORS, type ServerErrorCode } from '../../shared/sync/server-errors.ts';

/**
 * Every error answer of the server is `{ "error": { "code", "message", ...details } }` with a stable
 * code from shared/sync/server-errors.ts (the laptop compares the same constants, typed, and maps
 * each to Japanese). Route code throws ApiError; the error handler in app.ts turns it, and anything
 * else, into that shape. A code not in the shared list does not compile.
 */
export const API_ERRORS = SERVER_ERRORS;

export type ApiErrorCode = ServerErrorCode;

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
