import type { trialCalendarChannels } from '../../../shared/ipc/contract/trial-calendar.ts';
import type { HandlerSlice } from '../../../shared/ipc/contract.ts';
import type { CoreContext } from './context.ts';

export function trialCalendarHandlers(core: CoreContext): HandlerSlice<keyof typeof trialCalendarChannels> {
  return {
    'trialCalendar.month': ({ month }) => core.session().trialCalendar.month(month),
  };
}
