import { z } from 'zod';
import { FAMILY_SORTS, PROGRAMMES, STAY_STATUSES } from '../../domain/enums.ts';
import { familyInput, familyUpdate, isoDate, memberSave, uuid } from '../../domain/records.ts';
import type { FamilyDetail, FamilyPage, HistoryEntry, MemberView, SensitiveNotes } from '../views.ts';
import { channel } from './define.ts';

/** Families and their members. */
export const familyChannels = {
  'families.list': channel<FamilyPage>()(
    z
      .object({
        query: z.string().max(200, 'validation.tooLong').default(''),
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(500).default(100),
        /** Families with at least one stay matching all of these. */
        programme: z.enum(PROGRAMMES).optional(),
        stayStatus: z.enum(STAY_STATUSES).optional(),
        /** Stays overlapping [from, to]. */
        from: isoDate.optional(),
        to: isoDate.optional(),
        /** Part of the lodging's address or name (地区名). */
        area: z.string().trim().max(50, 'validation.tooLong').optional(),
        sort: z.enum(FAMILY_SORTS, 'validation.choice').default('kana'),
      })
      .strict(),
  ),
  'families.get': channel<FamilyDetail>()(z.object({ id: uuid }).strict()),
  'families.create': channel<FamilyDetail>()(familyInput.strict()),
  'families.update': channel<FamilyDetail>()(familyUpdate),
  'families.erase': channel<FamilyDetail>()(
    z.object({ id: uuid, confirmName: z.string().max(100, 'validation.tooLong') }).strict(),
  ),
  'families.history': channel<HistoryEntry[]>()(z.object({ id: uuid }).strict()),
  'members.save': channel<MemberView>()(memberSave),
  'members.remove': channel<{ id: string }>()(z.object({ id: uuid }).strict()),
  'members.restore': channel<MemberView>()(z.object({ id: uuid }).strict()),
  'members.sensitive': channel<SensitiveNotes>()(z.object({ id: uuid }).strict()),
} as const;
