/**
 * The town administrator's view of the town's laptops (docs/security.md, 端末の管理), as the server
 * answers it. Nothing of this is kept on the laptop: each call asks the server afresh.
 */

/** active; revoked (no wipe); told to wipe (lost or retired) and not yet done; wiped and acknowledged. */
export type DeviceState =
  | 'active'
  | 'revoked'
  | 'lost_pending'
  | 'retired_pending'
  | 'lost_wiped'
  | 'retired_wiped';

export interface DeviceRow {
  id: string;
  name: string;
  user: string;
  role: string;
  createdAt: string;
  lastSyncAt: string | null;
  revokedAt: string | null;
  reason: 'lost' | 'retired' | null;
  wipeOrderedAt: string | null;
  wipeAcknowledgedAt: string | null;
  state: DeviceState;
  /** This laptop itself (it cannot revoke itself here). */
  self: boolean;
}

export interface DeviceListView {
  fetchedAt: string;
  devices: DeviceRow[];
}

export interface RevokeView {
  id: string;
  reason: 'lost' | 'retired';
  alreadyRevoked: boolean;
}

export interface UnlockCodeView {
  deviceId: string;
  code: string;
  expiresAt: string;
}

export interface DeviceHistoryView {
  deviceId: string;
  entries: { action: string; at: string; detail: Record<string, unknown> | null }[];
}
