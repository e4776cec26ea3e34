/**
 * The app lock, the offline lock and the wiped laptop (docs/security.md). `state` is what the window
 * shows: the app, the lock screen (passcode), the offline lock (sync or an unlock code), or the
 * notice that this laptop's data was erased. None of it names a person or a record.
 */
export type LockState = 'open' | 'app_locked' | 'offline_locked' | 'wiped';

export interface LockStatusView {
  state: LockState;
  hasPasscode: boolean;
  /** Minutes without input before the app locks (a town setting kept on the laptop). */
  idleMinutes: number;
  /** Days without reaching the server before the records lock. */
  offlineDays: number;
  /** The last time this laptop reached the server (or enrolled, or was unlocked by a code); null when not enrolled. */
  lastContactAt: string | null;
  /** Seconds until another passcode try is accepted (0: now). */
  retryAfterSeconds: number;
  /** Whether this person may change the idle and offline settings (a town administrator). */
  canSetPolicy: boolean;
  /** Why the laptop erased itself, once wiped. */
  wipedReason: 'lost' | 'retired' | null;
}
