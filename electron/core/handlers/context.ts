import type { SampleSize } from '../../../shared/domain/enums.ts';
import type { AppInfo, Profile, SampleLoadResult } from '../../../shared/ipc/views.ts';
import type { Device } from '../device.ts';
import type { LockService } from '../lock/lock-service.ts';
import type { Session } from '../session.ts';
import type { UpdateService } from '../updates/update-service.ts';

/**
 * What a handler module may use: the device, the session in use, and the few operations that replace
 * the session (set-up, practice, enrolment). Handlers answer channels; they never announce changes —
 * the write path does (write/change-feed.ts).
 */
export interface CoreContext {
  readonly device: Device;
  readonly appVersion: string;
  /** The app lock, the offline lock, the wiped state (lock/lock-service.ts). */
  readonly lock: LockService;
  /** Updates from the consortium server (updates/update-service.ts). */
  readonly updates: UpdateService;
  /** The session in use; NOT_SET_UP before a profile exists. */
  session(): Session;
  /** Starts the session for this profile, replacing the one in use. */
  startSession(profile: Profile): Session;
  startPractice(size: SampleSize): Promise<SampleLoadResult>;
  endPractice(): Promise<Profile | null>;
  enroll(serverUrl: string, code: string, allowInsecure: boolean): Promise<{ town: string; user: string }>;
  appInfo(): AppInfo;
}
