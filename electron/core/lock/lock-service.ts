import { existsSync, readFileSync } from 'node:fs';
import { AppError } from '../../../shared/errors.ts';
import type { LockState, LockStatusView, TownPolicyView } from '../../../shared/ipc/views.ts';
import { UnlockCodeError, verifyUnlockCode } from '../../../shared/node/unlock-code.ts';
import type { Device } from '../device.ts';
import { UNLOCK_SECRET_SETTING } from '../sync/engine.ts';
import type { DeviceReport } from '../sync/server-client.ts';
import type { Actor, RecordWriter } from '../write/record-writer.ts';
import { hashPasscode, lockoutMs, verifyPasscode } from './passcode.ts';
import {
  MAX_IDLE_MINUTES,
  MAX_OFFLINE_DAYS,
  MIN_IDLE_MINUTES,
  MIN_OFFLINE_DAYS,
  policyInForce,
  type TownPolicyRow,
} from './town-policy.ts';
import { wipedMarkerPath } from './wipe.ts';

/**
 * The app lock and the offline lock (docs/security.md). Kept above the sessions, for the life of the
 * core:
 * - **App lock**: with a passcode set, the app starts locked, locks when the window reports the
 *   person idle or the main process reports the lid closed / the screen locked, and opens with the
 *   passcode. While locked, every channel but the lock's own answers APP_LOCKED (ipc gate in
 *   app-core.ts): the window cannot read a record even if it tried. Sync and uploads go on.
 * - **Offline lock**: an enrolled laptop that has not reached the server for `offlineDays` locks its
 *   records (RECORDS_LOCKED) until a sync goes through or a town administrator's one-time code is
 *   entered (checked here, offline, with this laptop's unlock secret; wrong codes are rate-limited
 *   like the passcode).
 * - **Wiped**: after a lost/retired wipe (wipe.ts) only the lock's status answers.
 * The idle minutes and offline days are the town's (town-policy.ts): a version a town administrator
 * writes as a synced record, read from the real database whatever the window shows (practice never
 * changes them). The passcode, its wrong tries and the offline clock are this laptop's own, in the
 * real database's app_setting.
 */

const S = {
  passcode: 'lock.passcode',
  failures: 'lock.failures',
  failedAt: 'lock.failed_at',
  codeFailures: 'lock.code_failures',
  codeFailedAt: 'lock.code_failed_at',
  enrolledAt: 'lock.enrolled_at',
  unlockedAt: 'lock.code_unlocked_at',
  usedNonces: 'lock.used_nonces',
  reports: 'lock.pending_reports',
  lastSync: 'sync.last_success_at',
} as const;

/** Wrong tries are counted apart for the passcode and for unlock codes, each with its own wait. */
type Counter = 'passcode' | 'code';
function counterKeys(counter: Counter): readonly [string, string] {
  return counter === 'code' ? [S.codeFailures, S.codeFailedAt] : [S.failures, S.failedAt];
}

export const DEFAULT_IDLE_MINUTES = 10;
export const DEFAULT_OFFLINE_DAYS = 30;
const DAY_MS = 86_400_000;

/** Channels that answer whatever the lock: the lock's own and the app's version and language. */
const ALWAYS = new Set(['lock.status', 'app.info']);
const WHILE_APP_LOCKED = new Set([...ALWAYS, 'lock.unlock', 'lock.lock']);
/** The offline lock still lets the person sync (which lifts it) or type a code. */
const WHILE_OFFLINE = new Set([...ALWAYS, 'lock.lock', 'lock.enterCode', 'sync.now', 'sync.status']);

export interface LockServiceOptions {
  device: Device;
  /** The person's role now (town administrators set the policy). */
  role: () => string | null;
  /** Whether the laptop is enrolled (the offline lock applies only then). */
  enrolled: () => boolean;
  /** This laptop's device id at the server, once enrolled. */
  deviceId: () => string | null;
  /**
   * The write path of the real records and the person using them: null before set-up and in practice
   * (the practice town's database never syncs, so a policy set there would reach no laptop).
   */
  author: () => { writer: RecordWriter; actor: Actor } | null;
  /** The server's id of the person (once enrolled): what a synced version's author is on the server. */
  userId: () => string | null;
}

export class LockService {
  private readonly device: Device;
  private readonly options: LockServiceOptions;
  private appLocked: boolean;
  private wipedReason: 'lost' | 'retired' | null = null;
  /** Wrong tries are checked one at a time: two at once could each pass the rate limit. */
  private checking: Promise<unknown> = Promise.resolve();
  /**
   * The town's version in force, read once and again only after a commit touched town_policy (a
   * local write or a pulled page): the state is asked on every call the window makes.
   */
  private policy: { row: TownPolicyRow | null } | null = null;

  constructor(options: LockServiceOptions) {
    this.device = options.device;
    this.options = options;
    this.wipedReason = readWiped(options.device.real.dbPath);
    // With a passcode, the app starts locked: whoever opens the laptop proves who they are first.
    this.appLocked = this.wipedReason === null && this.setting(S.passcode) !== null;
    // Another administrator's version arriving by sync changes the idle timer of an open window too.
    options.device.real.changes.subscribe(({ tables }) => {
      if (!tables.includes('town_policy')) return;
      this.policy = null;
      this.changed();
    });
    // A sync may set a version aside as refused by the server (town-policy.ts): read again after it.
    options.device.events.on((event) => {
      if (event === 'sync.changed') this.policy = null;
    });
  }

  private townPolicy(): TownPolicyRow | null {
    if (this.wipedReason !== null) return null;
    this.policy ??= { row: policyInForce(this.device.real.database.sqlite) };
    return this.policy.row;
  }

  private setting(key: string): string | null {
    return this.device.getSetting(key);
  }

  private now(): Date {
    return this.device.now();
  }

  private changed(): void {
    this.device.events.emit('lock.changed', {});
  }

  get idleMinutes(): number {
    return this.townPolicy()?.idle_minutes ?? DEFAULT_IDLE_MINUTES;
  }

  get offlineDays(): number {
    return this.townPolicy()?.offline_lock_days ?? DEFAULT_OFFLINE_DAYS;
  }

  private townPolicyView(): TownPolicyView | null {
    const row = this.townPolicy();
    if (row === null) return null;
    const me = [this.options.author()?.actor.id, this.options.userId()].filter((id) => id != null);
    return {
      setAt: row.set_at,
      setBy: row.created_by,
      setByYou: me.includes(row.created_by),
      note: row.note,
    };
  }

  /** The newest of: the last sync that went through, enrolment, an unlock code entered. */
  lastContact(): Date | null {
    if (!this.options.enrolled()) return null;
    let enrolledAt = this.setting(S.enrolledAt);
    if (enrolledAt === null) {
      // Enrolled before this version: the offline clock starts now rather than locking at once.
      enrolledAt = this.now().toISOString();
      this.device.setSetting(S.enrolledAt, enrolledAt);
    }
    const times = [this.setting(S.lastSync), enrolledAt, this.setting(S.unlockedAt)]
      .filter((t): t is string => t !== null)
      .map((t) => Date.parse(t))
      .filter((t) => Number.isFinite(t));
    return new Date(Math.max(...times));
  }

  private offlineLocked(): boolean {
    const last = this.lastContact();
    return last !== null && this.now().getTime() - last.getTime() > this.offlineDays * DAY_MS;
  }

  state(): LockState {
    if (this.wipedReason !== null) return 'wiped';
    if (this.appLocked) return 'app_locked';
    if (this.offlineLocked()) return 'offline_locked';
    return 'open';
  }

  status(): LockStatusView {
    if (this.wipedReason !== null) {
      return {
        state: 'wiped',
        hasPasscode: false,
        idleMinutes: DEFAULT_IDLE_MINUTES,
        offlineDays: DEFAULT_OFFLINE_DAYS,
        townPolicy: null,
        lastContactAt: null,
        retryAfterSeconds: 0,
        canSetPolicy: false,
        wipedReason: this.wipedReason,
      };
    }
    return {
      state: this.state(),
      hasPasscode: this.setting(S.passcode) !== null,
      idleMinutes: this.idleMinutes,
      offlineDays: this.offlineDays,
      townPolicy: this.townPolicyView(),
      lastContactAt: this.lastContact()?.toISOString() ?? null,
      retryAfterSeconds: Math.ceil(
        this.waitMs(this.state() === 'offline_locked' ? 'code' : 'passcode') / 1000,
      ),
      canSetPolicy: this.options.role() === 'town_admin' && this.options.author() !== null,
      wipedReason: null,
    };
  }

  /** The code a channel is refused with in the current state, or null when it may run. */
  refusal(channel: string): 'APP_LOCKED' | 'RECORDS_LOCKED' | 'DEVICE_WIPED' | null {
    const state = this.state();
    if (state === 'open') return null;
    if (state === 'wiped') return ALWAYS.has(channel) ? null : 'DEVICE_WIPED';
    if (state === 'app_locked') return WHILE_APP_LOCKED.has(channel) ? null : 'APP_LOCKED';
    // Not the policy either: a longer offline period must not be a way out of the offline lock.
    return WHILE_OFFLINE.has(channel) ? null : 'RECORDS_LOCKED';
  }

  /** Locks the app (idle, lid closed, screen locked). Without a passcode there is nothing to unlock with. */
  lock(): LockStatusView {
    if (this.wipedReason === null && this.setting(S.passcode) !== null && !this.appLocked) {
      this.appLocked = true;
      this.device.log.logger.info('app locked');
      this.changed();
    }
    return this.status();
  }

  /** The wait before the next try: the passcode's counter, or (offline-locked) the unlock code's. */
  private waitMs(counter: Counter = 'passcode'): number {
    const [countKey, atKey] = counterKeys(counter);
    const failures = Number(this.setting(countKey) ?? '0');
    const at = Date.parse(this.setting(atKey) ?? '');
    if (!Number.isFinite(at)) return 0;
    return Math.max(0, at + lockoutMs(failures) - this.now().getTime());
  }

  /** One more wrong try on `counter`, and when: the wait before the next grows from it. */
  private failed(counter: Counter): number {
    const [countKey, atKey] = counterKeys(counter);
    const failures = Number(this.setting(countKey) ?? '0') + 1;
    this.device.setSetting(countKey, String(failures));
    this.device.setSetting(atKey, this.now().toISOString());
    return failures;
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.checking.then(work, work);
    this.checking = next.catch(() => undefined);
    return next;
  }

  unlock(passcode: string): Promise<LockStatusView> {
    return this.serial(async () => {
      const stored = this.setting(S.passcode);
      if (!this.appLocked || stored === null) return this.status();
      const wait = this.waitMs();
      if (wait > 0) {
        throw new AppError('PASSCODE_RATE_LIMITED', `wait ${Math.ceil(wait / 1000)} s`);
      }
      if (!(await verifyPasscode(passcode, stored))) {
        const failures = this.failed('passcode');
        this.device.log.logger.warn({ failures }, 'wrong passcode');
        this.changed();
        throw new AppError('PASSCODE_WRONG', 'wrong passcode', 'passcode');
      }
      this.device.setSetting(S.failures, '0');
      this.appLocked = false;
      this.device.log.logger.info('app unlocked');
      this.changed();
      return this.status();
    });
  }

  setPasscode(current: string | undefined, passcode: string): Promise<LockStatusView> {
    return this.serial(async () => {
      const stored = this.setting(S.passcode);
      if (stored !== null) {
        const wait = this.waitMs();
        if (wait > 0) throw new AppError('PASSCODE_RATE_LIMITED', `wait ${Math.ceil(wait / 1000)} s`);
        if (current === undefined || !(await verifyPasscode(current, stored))) {
          this.failed('passcode');
          throw new AppError('PASSCODE_WRONG', 'the current passcode is wrong', 'current');
        }
      }
      this.device.setSetting(S.passcode, await hashPasscode(passcode));
      this.device.setSetting(S.failures, '0');
      this.device.log.logger.info({ first: stored === null }, 'passcode set');
      this.changed();
      return this.status();
    });
  }

  /**
   * A town administrator's new version of the town's policy, written through the write path like any
   * record: audited ("create" on town_policy, the fields named), in the outbox for the next sync, and
   * from there on every laptop of the town. Nothing is written when it is refused.
   */
  setPolicy(policy: {
    idleMinutes: number;
    offlineDays: number;
    note?: string | null | undefined;
  }): LockStatusView {
    if (this.options.role() !== 'town_admin') {
      throw new AppError('FORBIDDEN', 'only a town administrator sets the lock policy');
    }
    const author = this.options.author();
    if (author === null) {
      // Practice: the practice town's database never syncs, so the town would never see it.
      throw new AppError('PRACTICE_MODE', "the town's lock policy is not set from practice");
    }
    const { idleMinutes, offlineDays } = policy;
    if (!Number.isInteger(idleMinutes) || idleMinutes < MIN_IDLE_MINUTES || idleMinutes > MAX_IDLE_MINUTES) {
      throw new AppError(
        'LOCK_POLICY_IDLE_RANGE',
        `idle minutes must be a whole number from ${MIN_IDLE_MINUTES} to ${MAX_IDLE_MINUTES}`,
        'idleMinutes',
      );
    }
    if (!Number.isInteger(offlineDays) || offlineDays < MIN_OFFLINE_DAYS || offlineDays > MAX_OFFLINE_DAYS) {
      throw new AppError(
        'LOCK_POLICY_DAYS_RANGE',
        `offline days must be a whole number from ${MIN_OFFLINE_DAYS} to ${MAX_OFFLINE_DAYS}`,
        'offlineDays',
      );
    }
    const note = policy.note?.trim() ? policy.note.trim() : null;
    author.writer.write(author.actor, (tx) => {
      tx.insert('town_policy', {
        idle_minutes: idleMinutes,
        offline_lock_days: offlineDays,
        note,
        set_at: this.now().toISOString(),
      });
    });
    // The commit announced town_policy: the cached version is gone and lock.changed went out.
    this.device.log.logger.info({ idleMinutes, offlineDays }, 'town lock policy set');
    return this.status();
  }

  /**
   * An administrator's one-time code: checked with this laptop's unlock secret, refused if its nonce
   * was used here before. Wrong codes count like wrong passcodes (five free, then a growing wait, kept
   * in the database across restarts): with 64 bits of MAC, guessing at that pace gets nowhere.
   * Accepted, it restarts the offline clock and is reported to the server with the next sync.
   */
  enterCode(typed: string): Promise<LockStatusView> {
    return this.serial(async () => {
      const deviceId = this.options.deviceId();
      const secret = this.setting(UNLOCK_SECRET_SETTING);
      if (deviceId === null || secret === null) {
        throw new AppError('UNLOCK_CODE_NO_KEY', 'no unlock secret to check the code with', 'code');
      }
      const wait = this.waitMs('code');
      if (wait > 0) {
        throw new AppError('UNLOCK_CODE_RATE_LIMITED', `wait ${Math.ceil(wait / 1000)} s`, 'code');
      }
      const now = this.now();
      let facts: { nonce: string; expiresAt: Date };
      try {
        facts = verifyUnlockCode({ typed, secret, deviceId, now });
      } catch (error) {
        if (error instanceof UnlockCodeError) {
          // Expired and reused codes were real ones: only a code that fails the check is a guess.
          if (error.code === 'UNLOCK_CODE_INVALID') {
            this.failed('code');
            this.changed();
          }
          this.device.log.logger.warn({ code: error.code }, 'unlock code refused');
          throw new AppError(error.code, error.message, 'code');
        }
        throw error;
      }
      const used = readList<string>(this.setting(S.usedNonces));
      if (used.includes(facts.nonce)) {
        this.device.log.logger.warn({ nonce: facts.nonce }, 'unlock code used again');
        throw new AppError('UNLOCK_CODE_USED', 'this code has been used on this laptop', 'code');
      }
      const at = now.toISOString();
      this.device.setSetting(S.usedNonces, JSON.stringify([...used, facts.nonce]));
      this.device.setSetting(S.unlockedAt, at);
      this.device.setSetting(S.codeFailures, '0');
      const reports = readList<DeviceReport>(this.setting(S.reports));
      this.device.setSetting(
        S.reports,
        JSON.stringify([...reports, { kind: 'unlock_code_used', nonce: facts.nonce, at }]),
      );
      this.device.log.logger.info({ nonce: facts.nonce }, 'records unlocked with a code');
      this.changed();
      return this.status();
    });
  }

  /** What waits to be told to the server (sent after the next sync that goes through). */
  pendingReports(): DeviceReport[] {
    return readList<DeviceReport>(this.setting(S.reports));
  }

  /** The server has them: removed, keeping any added meanwhile. */
  reportsSent(sent: readonly DeviceReport[]): void {
    const nonces = new Set(sent.map((r) => r.nonce));
    const left = this.pendingReports().filter((r) => !nonces.has(r.nonce));
    this.device.setSetting(S.reports, JSON.stringify(left));
  }

  /** After a sync that went through: the offline lock lifts (the engine stored the time). */
  contacted(): void {
    this.changed();
  }

  markWiped(reason: 'lost' | 'retired'): void {
    this.wipedReason = reason;
    this.appLocked = false;
    this.changed();
  }
}

function readList<T>(value: string | null): T[] {
  if (value === null) return [];
  try {
    const parsed = JSON.parse(value) as unknown;
    return Array.isArray(parsed) ? (parsed as T[]) : [];
  } catch {
    return [];
  }
}

function readWiped(dbPath: string): 'lost' | 'retired' | null {
  const marker = wipedMarkerPath(dbPath);
  if (!existsSync(marker)) return null;
  try {
    const reason = (JSON.parse(readFileSync(marker, 'utf8')) as { reason?: string }).reason;
    return reason === 'retired' ? 'retired' : 'lost';
  } catch {
    return 'lost';
  }
}
