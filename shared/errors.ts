/**
 * Stable error codes. The UI maps each code to Japanese (and English) text through i18n
 * (`errors.<code>`); the `message` that travels with a code is a developer-facing English hint.
 */
export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'NOT_FOUND',
  'NOT_SET_UP',
  'ALREADY_SET_UP',
  'FORBIDDEN',
  'FORBIDDEN_SENDER',
  'UNKNOWN_CHANNEL',
  // An IPC input larger than its channel takes, refused before it is parsed.
  'INPUT_TOO_LARGE',
  'UNKNOWN_MUNICIPALITY',
  'SAMPLE_DATA_NOT_EMPTY',
  'DB_TOO_NEW',
  'MIGRATION_CHANGED',
  // Encryption at rest (docs/security.md): the local database is encrypted and its key is not there,
  // the key given does not open it, or the OS offers no keychain fit to keep the key.
  'DB_KEY_MISSING',
  'DB_KEY_WRONG',
  'KEYSTORE_INSECURE',
  'CLOCK_SKEW',
  'SYNC_ALREADY_ENROLLED',
  'SYNC_SAMPLE_DATA',
  'SYNC_CODE_INVALID',
  'SYNC_RATE_LIMITED',
  'SYNC_UNREACHABLE',
  // A remote server address without https://: the refresh secret and the update feed would travel in clear.
  'SYNC_INSECURE_URL',
  'SYNC_WRONG_TOWN',
  'SYNC_NOT_ENROLLED',
  // Practice mode: the fictional town lives in its own database, which never enrols or syncs.
  'PRACTICE_MODE',
  // Roles: one a laptop may not give itself, and one the server decides once the laptop is enrolled.
  'ROLE_NOT_ALLOWED',
  'ROLE_SET_BY_SERVER',
  // Attachments (photos and files): a file refused before anything is stored.
  'ATTACHMENT_TOO_LARGE',
  'ATTACHMENT_UNSUPPORTED_TYPE',
  // A colleague's photo whose bytes the town's server does not have yet (its author has not sent them).
  'ATTACHMENT_NOT_UPLOADED',
  // New personal data for a family whose personal data was erased on request.
  'FAMILY_ERASED',
  // The akiya inventory: a hand-over of a property's data without the owner's valid consent for that
  // purpose; a 整理番号 already taken in the town; バンク登録 without a listing consent; a consent
  // withdrawn twice.
  'CONSENT_REQUIRED',
  'DUPLICATE_REF_NUMBER',
  'STATUS_NEEDS_CONSENT',
  'CONSENT_WITHDRAWN',
  // House inspections: a checklist (or town rule set) version the app does not ship; an answer naming
  // an item or a choice the inspection's own template version lacks; an answer to (or a second finish
  // of) a finished inspection; the town's 判定 on an inspection not yet finished.
  'INSPECTION_TEMPLATE_UNKNOWN',
  'INSPECTION_ITEM_UNKNOWN',
  'INSPECTION_CHOICE_UNKNOWN',
  'INSPECTION_FINISHED',
  'INSPECTION_NOT_FINISHED',
  // The supporters' register (docs/events.md): a save that looks like someone already registered (the
  // page shows the candidates and may save anyway), and changes to a record erased or merged away.
  'SUPPORTER_LIKELY_DUPLICATE',
  'SUPPORTER_ERASED',
  'SUPPORTER_MERGED',
  // Exports (docs/exports.md): personal data asked for by a role that may not see it; a long export
  // stopped by the person who started it.
  'EXPORT_NOT_ALLOWED',
  'EXPORT_CANCELLED',
  // The consortium's figures and targets: the server could not be reached (cached figures stay), or
  // it refused for a reason of its own.
  'REPORTS_OFFLINE',
  'REPORTS_SERVER_ERROR',
  // The app lock and lost/retired laptops (docs/security.md): the app is locked (passcode), the records
  // are locked after too long offline, the laptop has wiped itself; a wrong passcode, too many wrong
  // tries (wait), a passcode needed first; an unlock code that is not one for this laptop, already used
  // or expired; a laptop that has no unlock secret yet (sync once); too many wrong unlock codes (wait).
  'APP_LOCKED',
  'RECORDS_LOCKED',
  'DEVICE_WIPED',
  'PASSCODE_WRONG',
  'PASSCODE_RATE_LIMITED',
  'PASSCODE_REQUIRED',
  'UNLOCK_CODE_INVALID',
  'UNLOCK_CODE_USED',
  'UNLOCK_CODE_EXPIRED',
  'UNLOCK_CODE_NO_KEY',
  'UNLOCK_CODE_RATE_LIMITED',
  // The town's lock policy (a town administrator's): idle minutes or offline days out of range.
  'LOCK_POLICY_IDLE_RANGE',
  'LOCK_POLICY_DAYS_RANGE',
  'UPDATE_NOT_AVAILABLE',
  'UPDATE_METERED',
  'UPDATE_NOT_READY',
  'UPDATE_INSTALLER_CHANGED',
  // A town administrator's 端末の管理: the server could not be reached (nothing is shown from a cache);
  // a laptop asked to revoke itself.
  'DEVICES_OFFLINE',
  'DEVICE_SELF_REVOKE',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface AppErrorShape {
  code: ErrorCode;
  message: string;
  /** Dotted path of the offending input field, when the error is about one field. */
  field?: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly field: string | undefined;

  constructor(code: ErrorCode, message: string, field?: string) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.field = field;
  }

  toShape(): AppErrorShape {
    return this.field === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, field: this.field };
  }
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorShape };
