import type { communityEventChannels } from '../../../shared/ipc/contract/community-events.ts';
import type { HandlerSlice } from '../../../shared/ipc/contract.ts';
import type { CoreContext } from './context.ts';

/** The follow-up CSV's words, in the language the window uses (`ui.locale`): a file people open as is. */
const CSV_LABELS = {
  ja: {
    header: ['区分', '氏名', '電話', 'メール', '連絡方法', 'メモ'],
    first: '初参加',
    returning: 'リピーター',
    channels: { email: 'メール', phone: '電話', post: '郵送', sns: 'SNS' },
  },
  en: {
    header: ['Group', 'Name', 'Phone', 'E-mail', 'Channels', 'Note'],
    first: 'First time',
    returning: 'Returning',
    channels: { email: 'E-mail', phone: 'Phone', post: 'Post', sns: 'SNS' },
  },
} as const;

export function communityEventHandlers(core: CoreContext): HandlerSlice<keyof typeof communityEventChannels> {
  return {
    'events.list': (input) => core.session().events.list(input),
    'events.month': ({ month }) => core.session().events.month(month),
    'events.get': ({ id }) => core.session().events.get(id),
    'events.save': (input) => core.session().events.save(input),
    'events.cancel': ({ id }) => core.session().events.cancel(id),
    'events.roster': ({ eventId }) => core.session().applications.roster(eventId),
    'events.followUp': ({ eventId }) => core.session().eventFigures.followUp(eventId),
    'events.followUpCsv': ({ eventId }) => {
      const locale = core.device.getSetting('ui.locale') === 'en' ? 'en' : 'ja';
      const labels = CSV_LABELS[locale];
      return core.session().eventFigures.followUpCsv(eventId, { ...labels, header: [...labels.header] });
    },
    'events.figures': ({ fiscalYear }) => core.session().eventFigures.figures(fiscalYear),
    'supporters.list': (input) => core.session().supporters.list(input),
    'supporters.get': ({ id }) => core.session().supporters.get(id),
    'supporters.contact': ({ id }) => core.session().supporters.contact(id),
    'supporters.duplicates': (input) => core.session().supporters.duplicates(input),
    'supporters.save': (input) => core.session().supporters.save(input),
    'supporters.merge': ({ keepId, mergeId }) => core.session().supporters.merge(keepId, mergeId),
    'supporters.linkMember': ({ id, memberId }) => core.session().supporters.linkMember(id, memberId),
    'supporters.erase': ({ id, confirmName }) => core.session().supporters.erase(id, confirmName),
    'applications.add': (input) => core.session().applications.add(input),
    'applications.setStatus': ({ id, status }) => core.session().applications.setStatus(id, status),
    'applications.setNote': ({ id, note }) => core.session().applications.setNote(id, note),
    'rollcall.mark': ({ eventId, people, attended }) =>
      core.session().applications.mark(eventId, people, attended),
    'rollcall.walkIn': (input) => core.session().applications.walkIn(input),
  };
}
