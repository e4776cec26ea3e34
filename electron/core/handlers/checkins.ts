import type { checkinChannels } from '../../../shared/ipc/contract/checkins.ts';
import type { HandlerSlice } from '../../../shared/ipc/contract.ts';
import type { CoreContext } from './context.ts';

export function checkinHandlers(core: CoreContext): HandlerSlice<keyof typeof checkinChannels> {
  return {
    'checkins.list': ({ familyId }) => {
      const session = core.session();
      return session.checkins.list(familyId, session.authorName);
    },
    'checkins.record': (input) => core.session().checkins.record(input),
    'checkins.closeFollowUp': ({ id }) => core.session().checkins.closeFollowUp(id),
    'checkins.reopenFollowUp': ({ id }) => core.session().checkins.reopenFollowUp(id),
    'checkins.followUps': ({ scope, mine, today }) => {
      const session = core.session();
      return session.checkins.followUps(scope, mine, today, session.authorName);
    },
    'checkins.retract': ({ id }) => core.session().checkins.retract(id),
    'today.board': ({ date }) => core.session().today.board(date),
  };
}
