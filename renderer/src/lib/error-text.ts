import type { T } from '../i18n/use-t.ts';
import { ApiError } from './api.ts';
import { validationKey } from './forms/form-model.ts';

/** The Japanese (or English) sentence for a failed call: field message first, then the code's. */
export function errorText(t: T, error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === 'VALIDATION_FAILED' && error.message.startsWith('validation.'))
      return t(validationKey(error.message));
    return t(`errors.${error.code}`);
  }
  return t('errors.INTERNAL');
}
