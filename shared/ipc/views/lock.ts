/**
 * The app lock, the offline lock and the wiped laptop (docs/security.md). `state` is what the window
 * shows: the app, the lock screen (passcode), the offline lock (sync or an unlock code), or the
 * notice that this laptop's data was erased. None of it names a person or a record.
 */
export type LockState = 'open' | 'app_locked' | 'offline_locked' | 'wiped';

export interface LockStatusView {
  state: LockState;
  hasPasscode: boolean;
  /** Minutes without input before the app locks: the town's policy in force, else the default. */
  idleMinutes: number;
  /** Days without reaching the server before the records lock: the town's policy, else the default. */
  offlineDays: number;
  /**
   * The town's policy version in force (set by a town administrator, synced to every laptop of the
   * town); null while the town has none and the defaults apply.
   */
  townPolicy: TownPolicyView | null;
  /** The last time this laptop reached the server (or enrolled, or was unlocked by a code); null when not enrolled. */
  lastContactAt: string | null;
  /** Seconds until another passcode try is accepted (0: now). */
  retryAfterSeconds: number;
  /** Whether this person may change the town's idle and offline settings (a town administrator, not in practice). */
  canSetPolicy: boolean;
  /** Why the laptop erased itself, once wiped. */
  wipedReason: 'lost' | 'retired' | null;
}

/** Who set the town's lock policy in force, and when. */
export interface TownPolicyView {
  setAt: string;
  /** The author's id: a laptop knows only its own person's name. */
  setBy: string;
  /** The version was set by the person using this laptop. */
  setByYou: boolean;
  note: string | null;
}
