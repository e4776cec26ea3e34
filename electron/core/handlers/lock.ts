import type { lockChannels } from '../../../shared/ipc/contract/lock.ts';
import type { HandlerSlice } from '../../../shared/ipc/contract.ts';
import type { CoreContext } from './context.ts';

/** The app lock, the offline lock and unlock codes (lock/lock-service.ts). */
export function lockHandlers(core: CoreContext): HandlerSlice<keyof typeof lockChannels> {
  return {
    'lock.status': () => core.lock.status(),
    'lock.lock': () => core.lock.lock(),
    'lock.unlock': ({ passcode }) => core.lock.unlock(passcode),
    'lock.setPasscode': ({ current, passcode }) => core.lock.setPasscode(current, passcode),
    'lock.setPolicy': (policy) => core.lock.setPolicy(policy),
    'lock.enterCode': ({ code }) => core.lock.enterCode(code),
  };
}
