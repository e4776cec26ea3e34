import type { DuplicateCandidate, SupporterView } from '../../../../shared/ipc/views/community-events.ts';
import { ApiError, call } from '../../lib/api.ts';
import type { inputFrom } from './form-model.ts';

export type SupporterSave =
  | { saved: SupporterView; candidates?: undefined }
  | { saved?: undefined; candidates: DuplicateCandidate[] };

/**
 * Saves a supporter unless the core finds a likely duplicate first (`supporters.duplicates`, the
 * check the core repeats inside the save): then it returns the candidates and writes nothing. With
 * `notADuplicate` the person said they are someone else. A duplicate that appeared between the check
 * and the save (a colleague, a sync) is the core's SUPPORTER_LIKELY_DUPLICATE: `onLateDuplicate`
 * gets the candidates again and the error is thrown on for its message. Used by the register's form
 * and by the event page's 「新しい人を登録」, so both ask the same question the same way.
 */
export async function saveSupporterUnlessDuplicate(
  input: ReturnType<typeof inputFrom>,
  onLateDuplicate: (candidates: DuplicateCandidate[]) => void,
): Promise<SupporterSave> {
  const query = { name: input.name, nameKana: input.nameKana, phone: input.phone, email: input.email };
  if (!input.notADuplicate) {
    const found = await call('supporters.duplicates', { ...(input.id ? { id: input.id } : {}), ...query });
    if (found.length > 0) return { candidates: found };
  }
  try {
    return { saved: await call('supporters.save', input) };
  } catch (e) {
    if (e instanceof ApiError && e.code === 'SUPPORTER_LIKELY_DUPLICATE') {
      onLateDuplicate(await call('supporters.duplicates', query));
    }
    throw e;
  }
}
