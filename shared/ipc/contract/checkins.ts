import { z } from 'zod';
import { checkinInput, isoDate, uuid } from '../../domain/records.ts';
import type { CheckinRecorded, CheckinView, FollowUpItem, TodayBoard } from '../views.ts';
import { FOLLOW_UP_SCOPES } from '../views.ts';
import { channel } from './define.ts';

/** Check-ins, their follow-ups, and the 今日 board built from them. */
export const checkinChannels = {
  'checkins.list': channel<CheckinView[]>()(z.object({ familyId: uuid }).strict()),
  'checkins.record': channel<CheckinRecorded>()(checkinInput.strict()),
  'checkins.closeFollowUp': channel<{ id: string }>()(z.object({ id: uuid }).strict()),
  /** The undo of closing: the follow-up is open again (an audited edit that syncs like the close). */
  'checkins.reopenFollowUp': channel<{ id: string }>()(z.object({ id: uuid }).strict()),
  'checkins.followUps': channel<FollowUpItem[]>()(
    z
      .object({
        scope: z.enum(FOLLOW_UP_SCOPES).default('due'),
        mine: z.boolean().default(false),
        /** The coordinator's today (Japan date), which 'due' and 'overdue' are measured from. */
        today: isoDate,
      })
      .strict(),
  ),
  'checkins.retract': channel<{ id: string }>()(z.object({ id: uuid }).strict()),
  'today.board': channel<TodayBoard>()(z.object({ date: isoDate }).strict()),
} as const;
