import { z } from 'zod';
import type { LockStatusView } from '../views.ts';
import { channel, none } from './define.ts';

/** The app lock, the offline lock and the unlock code (docs/security.md). */

const passcode = z.string().min(4, 'validation.passcodeShort').max(64, 'validation.tooLong');

export const lockChannels = {
  'lock.status': channel<LockStatusView>()(none),
  /** Locks the app now (the window's idle timer; the main process on suspend or a locked screen). */
  'lock.lock': channel<LockStatusView>()(none),
  'lock.unlock': channel<LockStatusView>()(z.object({ passcode: z.string().max(64) }).strict()),
  /** Sets the passcode; `current` is required once one exists. */
  'lock.setPasscode': channel<LockStatusView>()(
    z.object({ current: z.string().max(64).optional(), passcode }).strict(),
  ),
  /**
   * A town administrator's new version of the town's policy: idle minutes (1–240) and offline days
   * (1–365), whose ranges the lock service checks with codes of their own (LOCK_POLICY_*_RANGE).
   */
  'lock.setPolicy': channel<LockStatusView>()(
    z
      .object({
        idleMinutes: z.number().int('validation.wholeNumber'),
        offlineDays: z.number().int('validation.wholeNumber'),
        note: z.string().max(500, 'validation.tooLong').nullable().optional(),
      })
      .strict(),
  ),
  /** An administrator's one-time code, checked offline with this laptop's unlock secret. */
  'lock.enterCode': channel<LockStatusView>()(
    z.object({ code: z.string().min(1, 'validation.required').max(200) }).strict(),
  ),
} as const;
