import type { propertyChannels, stayChannels } from '../../../shared/ipc/contract/stays.ts';
import type { HandlerSlice } from '../../../shared/ipc/contract.ts';
import type { CoreContext } from './context.ts';

export function stayHandlers(core: CoreContext): HandlerSlice<keyof typeof stayChannels> {
  return {
    'stays.save': (input) => core.session().stays.save(input),
    'stays.get': ({ id }) => core.session().stays.get(id),
    'stays.lodgingConflicts': ({ propertyId, arrival, departure, excludeStayId }) =>
      core.session().stays.conflicts(propertyId, arrival, departure, excludeStayId),
  };
}

export function propertyHandlers(core: CoreContext): HandlerSlice<keyof typeof propertyChannels> {
  return {
    'properties.lodgings': () => core.session().properties.lodgings(),
  };
}
