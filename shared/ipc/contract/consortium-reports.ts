import { z } from 'zod';
import { TARGET_FIRST_FY, TARGET_KPIS, TARGET_LAST_FY, TARGET_NOTE_MAX } from '../../domain/kpi-targets.ts';
import { plainText } from '../../domain/records.ts';
import type { ConsortiumReportView, TargetsView } from '../views/consortium-reports.ts';
import { channel } from './define.ts';

/**
 * The consortium's figures and targets (docs/consortium-reports.md). `reports.consortium` and
 * `reports.targets` answer from this laptop's cache at once, offline too, with the time of the last
 * refresh; `reports.refreshConsortium` fetches every town's aggregates and the targets from the
 * server; `reports.setTarget` sets a target on the server (online only: REPORTS_OFFLINE otherwise).
 */
const fiscalYear = z
  .number()
  .int('validation.wholeNumber')
  .min(TARGET_FIRST_FY, 'validation.invalid')
  .max(TARGET_LAST_FY, 'validation.invalid');

const fyInput = z.object({ fiscalYear }).strict();

export const setTargetInput = z
  .object({
    townId: z.string().min(1).max(64).nullable(),
    kpi: z.enum(TARGET_KPIS),
    fiscalYearFrom: fiscalYear,
    fiscalYearTo: fiscalYear,
    /** null withdraws the target. */
    value: z
      .number()
      .int('validation.wholeNumber')
      .min(0, 'validation.notNegative')
      .max(Number.MAX_SAFE_INTEGER, 'validation.tooLarge')
      .nullable(),
    note: plainText(TARGET_NOTE_MAX).default(''),
  })
  .strict()
  .refine((v) => v.fiscalYearTo >= v.fiscalYearFrom, {
    message: 'validation.endBeforeStart',
    path: ['fiscalYearTo'],
  });

export const consortiumReportChannels = {
  'reports.consortium': channel<ConsortiumReportView>()(fyInput),
  'reports.refreshConsortium': channel<ConsortiumReportView>()(fyInput),
  'reports.targets': channel<TargetsView>()(fyInput),
  'reports.setTarget': channel<TargetsView>()(setTargetInput),
} as const;
