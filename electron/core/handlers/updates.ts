import type { updateChannels } from '../../../shared/ipc/contract/updates.ts';
import type { HandlerSlice } from '../../../shared/ipc/contract.ts';
import type { CoreContext } from './context.ts';

/** Updates from the consortium server: the 同期 page's 更新 card (updates/update-service.ts). */
export function updateHandlers(core: CoreContext): HandlerSlice<keyof typeof updateChannels> {
  return {
    'updates.status': () => core.updates.status(),
    'updates.check': () => core.updates.check(),
    'updates.download': ({ evenIfMetered }) => core.updates.download(evenIfMetered === true),
    'updates.verified': () => core.updates.verified(),
  };
}
