import { z } from 'zod';
import { NOTE_MAX, plainText, uuid } from '../../domain/records.ts';
import type { BackupsView, ConflictView, QuarantinedOpView, SyncStatusView } from '../views.ts';
import { channel, none } from './define.ts';

/** Sync with the consortium server: enrolment, status, conflicts, diagnostics and local backups. */
export const syncChannels = {
  'sync.status': channel<SyncStatusView>()(none),
  'sync.enroll': channel<SyncStatusView>()(
    z
      .object({
        serverUrl: z.string().trim().min(1, 'validation.required').max(300, 'validation.tooLong'),
        code: z.string().trim().min(1, 'validation.required').max(64, 'validation.tooLong'),
        /** The person ticked 「テスト用サーバー」: a remote http:// address is accepted. */
        allowInsecure: z.boolean().optional(),
      })
      .strict(),
  ),
  'sync.now': channel<SyncStatusView>()(none),
  'sync.quarantined': channel<QuarantinedOpView[]>()(none),
  'sync.conflicts': channel<ConflictView[]>()(
    z.object({ includeResolved: z.boolean().default(false) }).strict(),
  ),
  /**
   * Resolve a conflict: keep what won, restore what lost, or write an edited value. Restoring and
   * editing are ordinary edits (they sync like any other); the conflict record is closed either way.
   */
  'sync.resolve': channel<ConflictView>()(
    z
      .object({
        id: uuid,
        choice: z.enum(['keep', 'restore', 'edit']),
        values: z.record(z.string().max(64), z.union([plainText(NOTE_MAX), z.number(), z.null()])).optional(),
      })
      .strict(),
  ),
  /** A bundle for support: versions, counts, codes and timings; no names, no record contents. */
  'sync.diagnostics': channel<{ fileName: string; json: string }>()(none),
  /** The local backups (newest first), their folder, and the last failure if any. */
  'sync.backups': channel<BackupsView>()(none),
} as const;
