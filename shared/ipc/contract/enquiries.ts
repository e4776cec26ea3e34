import { z } from 'zod';
import { ENQUIRY_OUTCOMES } from '../../domain/enums.ts';
import { enquiryConvert, enquirySave, uuid } from '../../domain/records.ts';
import type { EnquiryView, FamilyDetail } from '../views.ts';
import { channel } from './define.ts';

/** 問い合わせ: enquiries, and turning one into a family. */
export const enquiryChannels = {
  'enquiries.list': channel<EnquiryView[]>()(
    z.object({ outcome: z.enum(ENQUIRY_OUTCOMES).optional() }).strict(),
  ),
  'enquiries.get': channel<EnquiryView>()(z.object({ id: uuid }).strict()),
  'enquiries.save': channel<EnquiryView>()(enquirySave),
  'enquiries.convert': channel<FamilyDetail>()(enquiryConvert),
} as const;
