import type { Locale, Role } from '../../domain/enums.ts';
import type { Municipality } from '../../domain/municipalities.ts';

/** The app, the profile and the sample town (plain JSON, camelCase, never raw rows). */

export interface AppInfo {
  version: string;
  schemaVersion: number;
  locale: Locale;
}

export interface Profile {
  id: string;
  municipality: Municipality;
  displayName: string;
  displayNameKana: string | null;
  role: Role;
  deviceId: string;
  /** Enrolled: the role is the server's, and this laptop cannot change it. */
  roleFromServer: boolean;
  /** The practice database (the fictional sample town) is open, not the real records. */
  practice: boolean;
}

export interface SampleLoadResult {
  families: number;
  checkins: number;
  properties: number;
  events: number;
}
