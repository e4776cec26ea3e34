import { describe, expect, it } from 'vitest';
import { OP_REFUSALS } from '../../electron/core/sync/engine.ts';
import { SET_ASIDE_CODE } from '../../electron/core/sync/op-isolation.ts';
import { SyncHttpError } from '../../electron/core/sync/server-client.ts';
import { syncMessages } from '../../renderer/src/features/sync/messages.ts';
import { API_ERRORS } from '../../server/src/errors.ts';
import {
  isOpReasonCode,
  isServerErrorCode,
  OP_REASON_CODES,
  SERVER_ERRORS,
  SYNC_ERROR_CODES,
  toSyncErrorCode,
} from '../../shared/sync/server-errors.ts';

// The sync error vocabulary is one list in shared/: every code that can reach a person on the 同期
// page or in enrolment has text in both languages.
const dictionaries = syncMessages as unknown as Record<
  'ja' | 'en',
  { errors: Record<string, string>; reasons: Record<string, string> }
>;

describe('the sync error vocabulary', () => {
  it('is the server’s own list of error codes', () => {
    expect(API_ERRORS).toBe(SERVER_ERRORS);
  });

  it('has Japanese and English text for every code a sync run can end with', () => {
    for (const lang of ['ja', 'en'] as const) {
      for (const code of SYNC_ERROR_CODES) {
        expect(dictionaries[lang].errors[code]?.trim(), `${lang} sync:errors.${code}`).toBeTruthy();
      }
    }
  });

  it('has Japanese and English text for every reason an operation is set aside', () => {
    const reasons = [...OP_REASON_CODES, ...OP_REFUSALS, 'FORBIDDEN_ROW', SET_ASIDE_CODE, 'QUARANTINED'];
    for (const lang of ['ja', 'en'] as const) {
      for (const code of reasons) {
        expect(dictionaries[lang].reasons[code]?.trim(), `${lang} sync:reasons.${code}`).toBeTruthy();
      }
    }
  });

  it('turns a code from a newer server into UNKNOWN, keeping what it sent for people', () => {
    expect(toSyncErrorCode('DEVICE_REVOKED')).toBe('DEVICE_REVOKED');
    expect(toSyncErrorCode('OFFLINE')).toBe('OFFLINE');
    expect(toSyncErrorCode('SOMETHING_NEW')).toBe('UNKNOWN');
    expect(toSyncErrorCode(42)).toBe('UNKNOWN');
    expect(toSyncErrorCode('toString')).toBe('UNKNOWN');
    expect(isServerErrorCode('hasOwnProperty')).toBe(false);
    expect(isServerErrorCode('SEQ_GAP')).toBe(true);
    expect(isOpReasonCode('VALUE_INVALID')).toBe(true);
    expect(isOpReasonCode('SEQ_GAP')).toBe(false);

    const known = SyncHttpError.fromAnswer('SEQ_GAP', 409, 'gap', { expected_after: 3 });
    expect([known.code, known.sentCode, known.details]).toEqual([
      'SEQ_GAP',
      'SEQ_GAP',
      { expected_after: 3 },
    ]);
    const newer = SyncHttpError.fromAnswer('SOMETHING_NEW', 418, 'new');
    expect([newer.code, newer.sentCode, newer.status]).toEqual(['UNKNOWN', 'SOMETHING_NEW', 418]);
  });
});
