import { ApiError } from '../../lib/api.ts';
import type { FieldErrors } from './stay-draft.ts';

/**
 * A refused save as field errors. The core names the offending field (`plannedDeparture`,
 * `memberIds.0`, `stay.plannedDeparture`, `members.1.givenName`); `place` says which of the form's
 * fields shows it, or null for the message at the top of the form.
 */
export function serverErrors(error: unknown, place: (field: string) => string | null): FieldErrors {
  if (!(error instanceof ApiError)) return { form: 'errors.INTERNAL' };
  const key = error.message.startsWith('validation.') ? error.message : `errors.${error.code}`;
  const field = error.field ? place(error.field) : null;
  return { [field ?? 'form']: key };
}
