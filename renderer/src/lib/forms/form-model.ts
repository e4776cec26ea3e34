import type { ZodType } from 'zod';
import { ja } from '../../i18n/ja.ts';
import type { MessageKey } from '../../i18n/use-t.ts';
import { ApiError } from '../api-error.ts';

/**
 * The one form model's pure half: a form's values are checked with the same zod schema the core
 * parses the call with (shared/domain/records.ts through the IPC contract), and the core's refusals
 * (`VALIDATION_FAILED` with `message: 'validation.<key>'` and the offending `field`) land on the same
 * fields. Errors are i18n keys, shown in the user's language where the field is drawn.
 */

/** What a DateInput reports: the ISO date, or the i18n key of why its text is not a date. */
export interface DateValue {
  date: string | null;
  error: string | null;
}

/** Field name (as the form calls it) → i18n key of its message. `form` is the message above the form. */
export type FieldErrors = Partial<Record<string, MessageKey>>;

/** Where the top-of-form message goes in `FieldErrors`. */
export const FORM = 'form';

/**
 * Which form field shows an error about `path` (a zod issue's path joined with dots, as the core names
 * its `field`: `plannedDeparture`, `members.1.givenName`, `attendance.2.memberId`); null puts it above
 * the form (an id nobody typed, say).
 */
export type Place = (path: string) => string | null;

/** The usual placement: the first segment of the path, when the form shows a field of that name. */
export function fieldsIn(fields: Iterable<string>): Place {
  const shown = new Set(fields);
  return (path) => {
    const head = path.split('.')[0] ?? '';
    return shown.has(head) ? head : null;
  };
}

/** A schema's or the core's message as a key the dictionaries have (any other: "check your input"). */
export function validationKey(message: string | null | undefined): MessageKey {
  const name = message?.startsWith('validation.') ? message.slice('validation.'.length) : '';
  return Object.hasOwn(ja.validation, name) ? (`validation.${name}` as MessageKey) : 'validation.invalid';
}

const isEmpty = (v: unknown) =>
  v === null ||
  v === undefined ||
  (typeof v === 'string' && v.trim() === '') ||
  (Array.isArray(v) && v.length === 0);

/** Several sources of errors for one form: the first one to name a field wins. */
export function firstErrors(...sources: FieldErrors[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const source of sources)
    for (const [field, key] of Object.entries(source)) if (key && !errors[field]) errors[field] = key;
  return errors;
}

/** The schema's complaints, each on its field (the first complaint per field). */
export function schemaErrors(schema: ZodType, input: unknown, place: Place): FieldErrors {
  const parsed = schema.safeParse(input);
  if (parsed.success) return {};
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const field = place(issue.path.join('.')) ?? FORM;
    errors[field] ??= validationKey(issue.message);
  }
  return errors;
}

/** A refused call as field errors: the core's `validation.*` message on its field, else the code's text. */
export function serverErrors(error: unknown, place: Place): FieldErrors {
  if (!(error instanceof ApiError)) return { [FORM]: 'errors.INTERNAL' };
  const key: MessageKey = error.message.startsWith('validation.')
    ? validationKey(error.message)
    : (`errors.${error.code}` as const);
  const field = error.field ? place(error.field) : null;
  return { [field ?? FORM]: key };
}

export interface FormCheck {
  /** The shared schema the core parses this call with. */
  schema: ZodType;
  /** The call's input built from the form's values, exactly as it will be sent. */
  input: unknown;
  /** Where an issue's path is shown; by default nowhere but above the form. */
  place?: Place;
  /**
   * Boxes whose text is not a value yet (a date typed as 「12月32日」): their own message, by field.
   * The input then holds no value for them, and the schema's complaint about that would mislead.
   */
  typed?: Record<string, string | null | undefined>;
  /**
   * Fields the user must fill, by field, with what they hold: an empty one says 「入力してください」
   * rather than the schema's "not a date" or "choose one".
   */
  required?: Record<string, unknown>;
  /**
   * The core's rules that live outside the schema (in its services), checked here too so a form of
   * several calls is not half-saved: field → key, or nothing.
   */
  rules?: FieldErrors;
}

/**
 * Checks a form before it is sent. The schema's object refinements (departure after arrival) run
 * once its fields parse, as in the core: a form first asks for what is missing, then for what clashes.
 */
export function checkForm({
  schema,
  input,
  place = () => null,
  typed = {},
  required = {},
  rules = {},
}: FormCheck): FieldErrors {
  const typedErrors: FieldErrors = {};
  for (const [field, message] of Object.entries(typed))
    if (message) typedErrors[field] = validationKey(message);
  const requiredErrors: FieldErrors = {};
  for (const [field, value] of Object.entries(required))
    if (isEmpty(value)) requiredErrors[field] = 'validation.required';
  return firstErrors(typedErrors, requiredErrors, schemaErrors(schema, input, place), rules);
}

/** Whether any field (or the form) has an error. */
export const hasErrors = (errors: FieldErrors) => Object.values(errors).some(Boolean);

/** The errors without the fields just touched: a field's error goes as soon as it is changed. */
export function withoutFields(errors: FieldErrors, touched: Iterable<string>): FieldErrors {
  const left = { ...errors };
  for (const field of touched) delete left[field];
  return left;
}
