import type { enquiryChannels } from '../../../shared/ipc/contract/enquiries.ts';
import type { HandlerSlice } from '../../../shared/ipc/contract.ts';
import type { CoreContext } from './context.ts';

export function enquiryHandlers(core: CoreContext): HandlerSlice<keyof typeof enquiryChannels> {
  return {
    'enquiries.list': ({ outcome }) => core.session().enquiries.list({ outcome }),
    'enquiries.get': ({ id }) => core.session().enquiries.get(id),
    'enquiries.save': (input) => core.session().enquiries.save(input),
    'enquiries.convert': (input) => {
      const session = core.session();
      return session.families.get(session.enquiries.convert(input));
    },
  };
}
