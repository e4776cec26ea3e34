import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { Role } from '../../../shared/domain/enums.ts';
import { AppError } from '../../../shared/errors.ts';
import type {
  DeviceHistoryView,
  DeviceListView,
  DeviceRow,
  DeviceState,
  RevokeView,
  UnlockCodeView,
} from '../../../shared/ipc/views/devices.ts';
import { jsonWithToken, type ServerClientOptions, SyncHttpError } from '../sync/server-client.ts';

/**
 * 端末の管理 (docs/security.md): a town administrator's own laptop lists the town's laptops, revokes
 * one as lost or retired, issues a one-time unlock code, and reads a laptop's history, all through the
 * server's /v1/devices endpoints (the server checks the role and the town again). Nothing the server
 * answers is kept on this laptop; each action is written to this laptop's audit_log as well (the
 * server keeps its own).
 */

interface DeviceWire {
  id: string;
  name: string;
  user: string;
  role: string;
  created_at: string;
  last_sync_at: string | null;
  revoked_at: string | null;
  /** Absent from servers before the device list said how a laptop was revoked. */
  revoke_reason?: string | null;
  wipe_ordered_at?: string | null;
  wipe_acknowledged_at?: string | null;
}

export interface DeviceAdminOptions {
  sqlite: Database;
  auth: {
    bearer(fresh?: boolean): Promise<{ serverUrl: string; token: string }>;
    readonly deviceId: string | null;
  };
  role: Role;
  actor: { id: string; municipalityId: string };
  now: () => Date;
  client?: ServerClientOptions | undefined;
}

const reasonOf = (r: string | null | undefined): 'lost' | 'retired' | null =>
  r === 'lost' || r === 'retired' ? r : null;

export function deviceState(w: DeviceWire): DeviceState {
  const reason = reasonOf(w.revoke_reason);
  if (w.revoked_at === null) return 'active';
  if (reason === null) return 'revoked';
  return w.wipe_acknowledged_at ? `${reason}_wiped` : `${reason}_pending`;
}

export class DeviceAdmin {
  private readonly options: DeviceAdminOptions;

  constructor(options: DeviceAdminOptions) {
    this.options = options;
  }

  async list(): Promise<DeviceListView> {
    this.requireAdmin();
    const answer = await this.call<{ devices: DeviceWire[] }>('GET', '/v1/devices');
    const self = this.options.auth.deviceId;
    return {
      fetchedAt: this.options.now().toISOString(),
      devices: answer.devices.map(
        (d): DeviceRow => ({
          id: d.id,
          name: d.name,
          user: d.user,
          role: d.role,
          createdAt: d.created_at,
          lastSyncAt: d.last_sync_at,
          revokedAt: d.revoked_at,
          reason: reasonOf(d.revoke_reason),
          wipeOrderedAt: d.wipe_ordered_at ?? null,
          wipeAcknowledgedAt: d.wipe_acknowledged_at ?? null,
          state: deviceState(d),
          self: d.id === self,
        }),
      ),
    };
  }

  async revoke(deviceId: string, reason: 'lost' | 'retired'): Promise<RevokeView> {
    this.requireAdmin();
    if (deviceId === this.options.auth.deviceId) {
      throw new AppError('DEVICE_SELF_REVOKE', 'this laptop cannot revoke itself', 'deviceId');
    }
    const answer = await this.call<{ id: string; reason: 'lost' | 'retired'; already_revoked: boolean }>(
      'POST',
      `/v1/devices/${encodeURIComponent(deviceId)}/revoke`,
      { reason },
    );
    this.audit('revoke_device', 'device', deviceId, {
      reason,
      already_revoked: answer.already_revoked,
    });
    return { id: answer.id, reason: answer.reason, alreadyRevoked: answer.already_revoked };
  }

  async unlockCode(deviceId: string, hours?: number): Promise<UnlockCodeView> {
    this.requireAdmin();
    const answer = await this.call<{ code: string; expires_at: string }>(
      'POST',
      `/v1/devices/${encodeURIComponent(deviceId)}/unlock-code`,
      hours === undefined ? {} : { hours },
    );
    // The code itself is not written down here: it opens a laptop once, and is read out by phone.
    this.audit('issue_unlock_code', 'device', deviceId, { expires_at: answer.expires_at });
    return { deviceId, code: answer.code, expiresAt: answer.expires_at };
  }

  async history(deviceId: string): Promise<DeviceHistoryView> {
    this.requireAdmin();
    const answer = await this.call<{
      history: { action: string; at: string; detail: Record<string, unknown> | null }[];
    }>('GET', `/v1/devices/${encodeURIComponent(deviceId)}/history`);
    this.audit('view_sensitive', 'device', deviceId, { op: 'history' });
    return { deviceId, entries: answer.history };
  }

  private requireAdmin(): void {
    if (this.options.role !== 'town_admin') {
      throw new AppError('FORBIDDEN', "only a town administrator manages the town's laptops");
    }
  }

  /** Actions of their own (migration 0011), so the log never reads a revocation as a record edit. */
  private audit(
    action: 'revoke_device' | 'issue_unlock_code' | 'view_sensitive',
    table: 'device',
    rowId: string,
    details: Record<string, unknown>,
  ): void {
    const { sqlite, actor, now } = this.options;
    sqlite
      .prepare(
        'INSERT INTO audit_log (at, municipality_id, actor_id, action, table_name, row_id, details) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        now().toISOString(),
        actor.municipalityId,
        actor.id,
        action,
        table,
        rowId,
        JSON.stringify(details),
      );
  }

  /** One request with this device's token (refreshed once on a 401), failures as the app's codes. */
  private async call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    try {
      return await jsonWithToken<T>(this.options.auth, this.options.client, method, path, body);
    } catch (error) {
      throw appErrorOf(error);
    }
  }
}

function appErrorOf(error: unknown): unknown {
  if (!(error instanceof SyncHttpError)) return error;
  switch (error.code) {
    case 'OFFLINE':
    case 'TIMEOUT':
    case 'NETWORK':
      return new AppError('DEVICES_OFFLINE', error.message);
    case 'NOT_ENROLLED':
      return new AppError('SYNC_NOT_ENROLLED', error.message);
    case 'FORBIDDEN':
      return new AppError('FORBIDDEN', error.message);
    case 'NOT_FOUND':
      return new AppError('NOT_FOUND', error.message, 'deviceId');
    case 'INVALID_REQUEST':
      return new AppError('VALIDATION_FAILED', error.message, 'deviceId');
    default:
      return new AppError('REPORTS_SERVER_ERROR', `${error.sentCode}: ${error.message}`);
  }
}
