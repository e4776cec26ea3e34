import type { propertyPageChannels } from '../../../shared/ipc/contract/properties.ts';
import type { HandlerSlice } from '../../../shared/ipc/contract.ts';
import type { CoreContext } from './context.ts';

export function propertyPageHandlers(core: CoreContext): HandlerSlice<keyof typeof propertyPageChannels> {
  return {
    'properties.save': (input) => core.session().properties.save(input),
    'properties.get': ({ id }) => core.session().properties.get(id),
    'properties.owner': ({ id }) => core.session().properties.owner(id),
    'properties.changeStatus': (input) => core.session().properties.changeStatus(input),
  };
}
