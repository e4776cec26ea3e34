import type { akiyaRegisterChannels } from '../../../shared/ipc/contract/akiya-register.ts';
import type { HandlerSlice } from '../../../shared/ipc/contract.ts';
import type { CoreContext } from './context.ts';

export function akiyaRegisterHandlers(core: CoreContext): HandlerSlice<keyof typeof akiyaRegisterChannels> {
  return {
    'akiya.register': (input) => core.session().register.list(input),
  };
}
