import type { deviceAdminChannels } from '../../../shared/ipc/contract/devices.ts';
import type { HandlerSlice } from '../../../shared/ipc/contract.ts';
import type { CoreContext } from './context.ts';

/** A town administrator's 端末の管理 (services/device-admin.ts). */
export function deviceAdminHandlers(core: CoreContext): HandlerSlice<keyof typeof deviceAdminChannels> {
  return {
    'devices.list': () => core.session().deviceAdmin.list(),
    'devices.revoke': ({ deviceId, reason }) => core.session().deviceAdmin.revoke(deviceId, reason),
    'devices.unlockCode': ({ deviceId, hours }) => core.session().deviceAdmin.unlockCode(deviceId, hours),
    'devices.history': ({ deviceId }) => core.session().deviceAdmin.history(deviceId),
  };
}
