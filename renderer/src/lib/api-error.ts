import type { AppErrorShape } from '../../../shared/errors.ts';

/** A failed call, carrying the stable code (shown through i18n as `errors.<code>`). */
export class ApiError extends Error {
  readonly code: AppErrorShape['code'];
  readonly field: string | undefined;
  constructor(error: AppErrorShape) {
    super(error.message);
    this.code = error.code;
    this.field = error.field;
  }
}
