import type { searchChannels } from '../../../shared/ipc/contract/search.ts';
import type { HandlerSlice } from '../../../shared/ipc/contract.ts';
import type { CoreContext } from './context.ts';

export function searchHandlers(core: CoreContext): HandlerSlice<keyof typeof searchChannels> {
  return {
    'search.all': ({ query, limit }) => core.session().searchAll.search(query, limit),
  };
}
