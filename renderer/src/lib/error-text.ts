import type { TFunction } from 'i18next';
import { ApiError } from './api.ts';

/** The Japanese (or English) sentence for a failed call: field message first, then the code's. */
export function errorText(t: TFunction, error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === 'VALIDATION_FAILED' && error.message.startsWith('validation.'))
      return t(error.message);
    return t(`errors.${error.code}`);
  }
  return t('errors.INTERNAL');
}
