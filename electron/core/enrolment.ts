import { AppError } from '../../shared/errors.ts';
import type { SyncErrorCode } from '../../shared/sync/server-errors.ts';
import type { Device } from './device.ts';
import type { Session } from './session.ts';
import { UNLOCK_SECRET_SETTING } from './sync/engine.ts';
import {
  isSecureServerUrl,
  ServerClient,
  type ServerClientOptions,
  SyncHttpError,
} from './sync/server-client.ts';

export interface EnrolmentRequest {
  serverUrl: string;
  code: string;
  /** The person ticked 「テスト用サーバー」: a remote http:// address is accepted. */
  allowInsecure: boolean;
  /** The name this laptop enrols under (the computer's name). */
  deviceName: string;
  serverClient: ServerClientOptions;
}

export interface Enrolled {
  town: string;
  user: string;
  /** The person's role as the town gave it on the server: from now on it is theirs here too. */
  role: string;
  /** Good for its lifetime: the first sync uses it rather than asking for another. */
  accessToken: string;
}

/**
 * Enrols this laptop with the consortium server: the code a town administrator issued becomes this
 * device's credential (saved before this returns), and everything recorded so far (already in the
 * outbox) goes up with the first sync. The caller adopts the role and restarts the session.
 */
export async function enrol(device: Device, session: Session, request: EnrolmentRequest): Promise<Enrolled> {
  if (device.inPractice) throw new AppError('PRACTICE_MODE', 'leave practice mode before enrolling');
  if (device.credentials.load())
    throw new AppError('SYNC_ALREADY_ENROLLED', 'this laptop is already enrolled');
  if (device.getSetting('sample.loaded')) {
    throw new AppError('SYNC_SAMPLE_DATA', 'a database holding sample data may not be enrolled');
  }
  let client: ServerClient;
  try {
    client = new ServerClient(request.serverUrl, request.serverClient);
  } catch {
    throw new AppError('VALIDATION_FAILED', 'not a server address', 'serverUrl');
  }
  // The same address carries the refresh secret on every sync and becomes the update feed: never
  // in clear across a network, unless a person explicitly chose a test server.
  if (!isSecureServerUrl(client.baseUrl) && !request.allowInsecure) {
    throw new AppError(
      'SYNC_INSECURE_URL',
      `${client.baseUrl} is not https://; only a server on this computer may use http://`,
      'serverUrl',
    );
  }
  let answer: Awaited<ReturnType<ServerClient['enroll']>>;
  try {
    answer = await client.enroll(request.code, request.deviceName);
  } catch (error) {
    const code: SyncErrorCode = error instanceof SyncHttpError ? error.code : 'NETWORK';
    // The code the person typed is a secret: only the outcome is logged.
    device.log.logger.warn(
      { code, status: error instanceof SyncHttpError ? error.status : 0 },
      'enrolment refused',
    );
    throw new AppError(
      code === 'ENROLLMENT_CODE_INVALID'
        ? 'SYNC_CODE_INVALID'
        : code === 'RATE_LIMITED'
          ? 'SYNC_RATE_LIMITED'
          : 'SYNC_UNREACHABLE',
      (error as Error).message,
      code === 'ENROLLMENT_CODE_INVALID' ? 'code' : undefined,
    );
  }
  if (answer.town.id !== session.profile.municipality.id) {
    throw new AppError(
      'SYNC_WRONG_TOWN',
      `the code is for ${answer.town.id}, this laptop records for ${session.profile.municipality.id}`,
      'code',
    );
  }
  device.credentials.save({
    serverUrl: client.baseUrl,
    deviceId: answer.device_id,
    refreshToken: answer.refresh_token,
    townId: answer.town.id,
    userId: answer.user.id,
  });
  // This laptop's secret checks offline unlock codes (in the encrypted database, wiped with it);
  // the offline clock starts now.
  if (answer.unlock_secret) device.setSetting(UNLOCK_SECRET_SETTING, answer.unlock_secret);
  device.setSetting('lock.enrolled_at', device.now().toISOString());
  // Updates are installed only when signed with this key (updates/update-service.ts).
  if (answer.release_public_key) device.setSetting('updates.release_key', answer.release_public_key);
  device.log.logger.info(
    { townId: answer.town.id, deviceId: answer.device_id, role: answer.user.role },
    'enrolled with the server',
  );
  return {
    town: answer.town.name,
    user: answer.user.display_name,
    role: answer.user.role,
    accessToken: answer.access_token,
  };
}
