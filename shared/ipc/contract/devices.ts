import { z } from 'zod';
import type { DeviceHistoryView, DeviceListView, RevokeView, UnlockCodeView } from '../views/devices.ts';
import { channel, none } from './define.ts';

/**
 * A town administrator manages the town's laptops from their own (docs/security.md, 端末の管理):
 * list them, revoke one as lost or retired (it wipes at its next contact), issue a one-time unlock
 * code for a laptop locked offline, read a laptop's history. Online only (DEVICES_OFFLINE otherwise);
 * town administrators only (FORBIDDEN otherwise).
 */
const deviceId = z.uuid('validation.invalid');

export const deviceAdminChannels = {
  'devices.list': channel<DeviceListView>()(none),
  'devices.revoke': channel<RevokeView>()(
    z.object({ deviceId, reason: z.enum(['lost', 'retired']) }).strict(),
  ),
  'devices.unlockCode': channel<UnlockCodeView>()(
    z
      .object({ deviceId, hours: z.number().int('validation.wholeNumber').min(1).max(168).optional() })
      .strict(),
  ),
  'devices.history': channel<DeviceHistoryView>()(z.object({ deviceId }).strict()),
} as const;
