import type { EnquiryChannel, EnquiryOutcome } from '../../domain/enums.ts';

/** Enquiries (plain JSON, camelCase, never raw rows). */

export interface EnquiryView {
  id: string;
  contactName: string;
  contactNameKana: string | null;
  phone: string | null;
  email: string | null;
  channel: EnquiryChannel;
  receivedOn: string;
  topic: string;
  outcome: EnquiryOutcome;
  nextAction: string | null;
  nextActionOn: string | null;
  familyId: string | null;
}
