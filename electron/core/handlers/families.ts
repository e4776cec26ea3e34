import type { familyChannels } from '../../../shared/ipc/contract/families.ts';
import type { HandlerSlice } from '../../../shared/ipc/contract.ts';
import type { CoreContext } from './context.ts';

export function familyHandlers(core: CoreContext): HandlerSlice<keyof typeof familyChannels> {
  return {
    'families.list': (input) => core.session().families.list(input),
    'families.get': ({ id }) => core.session().families.get(id),
    'families.create': (input) => core.session().families.create(input),
    'families.update': ({ id, ...fields }) => core.session().families.update(id, fields),
    'families.erase': ({ id, confirmName }) => core.session().families.erase(id, confirmName),
    'families.history': ({ id }) => core.session().families.history(id),
    'members.save': (input) => core.session().members.save(input),
    'members.remove': ({ id }) => core.session().members.remove(id),
    'members.restore': ({ id }) => core.session().members.restore(id),
    'members.sensitive': ({ id }) => core.session().members.sensitive(id),
  };
}
