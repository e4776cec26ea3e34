import { z } from 'zod';
import { SUPPORTER_CONNECTIONS } from '../../domain/enums.ts';
import {
  applicationInput,
  applicationStatusInput,
  eventInput,
  eventListInput,
  figuresInput,
  markInput,
  supporterDuplicateInput,
  supporterInput,
  walkInInput,
  yearMonth,
} from '../../domain/inputs/events.ts';
import { uuid } from '../../domain/inputs/fields.ts';
import type {
  ApplicationResult,
  ApplicationView,
  CsvFile,
  DuplicateCandidate,
  EventFigures,
  EventFollowUp,
  EventMonth,
  EventPage,
  EventRoster,
  EventView,
  SupporterContact,
  SupporterPage,
  SupporterView,
} from '../views/community-events.ts';
import { channel } from './define.ts';

/**
 * Community events (地域イベント), the supporters' register (関係人口名簿), applications, the roll call,
 * follow-up and the event figures. (`contract/events.ts` is the core's event bus, not these.)
 */
export const communityEventChannels = {
  'events.list': channel<EventPage>()(eventListInput),
  'events.month': channel<EventMonth>()(z.object({ month: yearMonth }).strict()),
  'events.get': channel<EventView>()(z.object({ id: uuid }).strict()),
  'events.save': channel<EventView>()(eventInput.strict()),
  /** 中止: the event stays in the lists, takes no more applications, and counts in no figure. */
  'events.cancel': channel<EventView>()(z.object({ id: uuid }).strict()),
  'events.roster': channel<EventRoster>()(z.object({ eventId: uuid }).strict()),
  'events.followUp': channel<EventFollowUp>()(z.object({ eventId: uuid }).strict()),
  'events.followUpCsv': channel<CsvFile>()(z.object({ eventId: uuid }).strict()),
  'events.figures': channel<EventFigures>()(figuresInput),
  'supporters.list': channel<SupporterPage>()(
    z
      .object({
        query: z.string().max(200).default(''),
        /** Only supporters with this kind of connection. */
        connection: z.enum(SUPPORTER_CONNECTIONS, 'validation.choice').optional(),
        /** Only those who consented to be contacted (true) or did not (false). */
        consent: z.boolean().optional(),
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(500).default(100),
      })
      .strict(),
  ),
  /** One supporter's profile and history, without contact details (not audited). */
  'supporters.get': channel<SupporterView>()(z.object({ id: uuid }).strict()),
  /** Phone, e-mail and note of one supporter, on request: an audited view. */
  'supporters.contact': channel<SupporterContact>()(z.object({ id: uuid }).strict()),
  'supporters.duplicates': channel<DuplicateCandidate[]>()(supporterDuplicateInput),
  'supporters.save': channel<SupporterView>()(supporterInput.strict()),
  /** The second record is merged into the first; both histories stay, under the first. */
  'supporters.merge': channel<SupporterView>()(z.object({ keepId: uuid, mergeId: uuid }).strict()),
  'supporters.linkMember': channel<SupporterView>()(
    z.object({ id: uuid, memberId: uuid.nullable() }).strict(),
  ),
  /** Erase on request: the name must be typed back; counts stay. */
  'supporters.erase': channel<SupporterView>()(
    z.object({ id: uuid, confirmName: z.string().max(200) }).strict(),
  ),
  'applications.add': channel<ApplicationResult>()(applicationInput),
  'applications.setStatus': channel<ApplicationResult>()(applicationStatusInput),
  'applications.setNote': channel<ApplicationView>()(
    z.object({ id: uuid, note: z.string().max(500).nullable() }).strict(),
  ),
  'rollcall.mark': channel<EventRoster>()(markInput),
  'rollcall.walkIn': channel<ApplicationResult>()(walkInInput),
} as const;
