import { z } from 'zod';
import { CONSENT_PURPOSES } from '../../domain/enums.ts';
import { inspectionRef } from '../../domain/inputs/inspections.ts';
import { plainText, uuid } from '../../domain/records.ts';
import type {
  InspectionReportDocument,
  InspectionReportPrinted,
  InspectionSheetView,
} from '../views/inspection-summary.ts';
import { channel } from './define.ts';

/**
 * The report's input. No owner data unless `owner` is given, and then only under a valid consent of
 * that purpose whose scope includes the owner (docs/inspections.md).
 */
const inspectionReportInput = z
  .object({
    inspectionId: uuid,
    owner: z
      .object({
        purpose: z.enum(CONSENT_PURPOSES, 'validation.choice'),
        /** To whom the report goes (the disclosure log's 提供先); the consent's recipient when empty. */
        recipient: plainText(200).nullable().optional(),
      })
      .strict()
      .nullable()
      .optional(),
  })
  .strict();

/** An inspection's summary (labels resolved, comparison) and its report 現地調査報告書. */
export const inspectionSummaryChannels = {
  'inspections.summary': channel<InspectionSheetView>()(inspectionRef),
  /** The report as HTML; the main process prints it (`inspections.printReport`). */
  'inspections.report': channel<InspectionReportDocument>()(inspectionReportInput),
} as const;

/**
 * Answered by the main process: asks the core for `inspections.report`, prints it in a hidden
 * sandboxed window with webContents.printToPDF and saves it where the person chooses.
 */
export const inspectionSummaryMainChannels = {
  'inspections.printReport': channel<InspectionReportPrinted>()(inspectionReportInput),
} as const;
