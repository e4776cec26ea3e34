import { z } from 'zod';
import { CONSENT_PURPOSES, FAMILY_SORTS, PROGRAMMES, STAY_STATUSES } from '../../domain/enums.ts';
import { eventListInput } from '../../domain/inputs/events.ts';
import { reportFiguresInput } from '../../domain/inputs/reports.ts';
import { isoDate, plainText, uuid } from '../../domain/records.ts';
import {
  EXPORT_FORMATS,
  type ExportFile,
  type ExportSaved,
  type KpiReportDocument,
  type KpiReportPrinted,
} from '../views/exports.ts';
import { akiyaRegisterChannels } from './akiya-register.ts';
import { channel } from './define.ts';

/**
 * Record-list exports (docs/exports.md): the list a coordinator sees, with the filters on screen, as an
 * .xlsx or a CSV. `jobId` (made by the page) names the run for its progress events and its cancel.
 */

/** The family list's filters (families.list without its paging). */
const familyFilters = z
  .object({
    query: z.string().max(200, 'validation.tooLong').default(''),
    programme: z.enum(PROGRAMMES).optional(),
    stayStatus: z.enum(STAY_STATUSES).optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    area: z.string().trim().max(50, 'validation.tooLong').optional(),
    sort: z.enum(FAMILY_SORTS, 'validation.choice').default('kana'),
  })
  .strict();

/** The events list's filters (events.list without its paging). */
const eventFilters = eventListInput.omit({ offset: true, limit: true });

/** The register's filters (akiya.register without its window). */
const registerFilters = akiyaRegisterChannels['akiya.register'].input.omit({ offset: true, limit: true });

const common = { jobId: uuid, format: z.enum(EXPORT_FORMATS, 'validation.choice') };

export const exportInput = z.discriminatedUnion('kind', [
  z.object({ ...common, kind: z.literal('families'), filters: familyFilters }).strict(),
  z.object({ ...common, kind: z.literal('stays'), filters: familyFilters }).strict(),
  z.object({ ...common, kind: z.literal('checkins'), filters: familyFilters }).strict(),
  z.object({ ...common, kind: z.literal('events'), filters: eventFilters }).strict(),
  z
    .object({
      ...common,
      kind: z.literal('akiya'),
      filters: registerFilters,
      /**
       * Add the owner's name and contact: only where a consent of this purpose, valid today and with
       * the owner in its scope, exists; each such property's hand-over is written to the disclosure log.
       */
      owners: z
        .object({
          purpose: z.enum(CONSENT_PURPOSES, 'validation.choice'),
          recipient: plainText(200).nullable().optional(),
        })
        .strict()
        .nullable()
        .optional(),
    })
    .strict(),
  /** The KPI figures of a period (reports.figures' input): by month and programme, definitions, coefficients. */
  z.object({ ...common, kind: z.literal('kpi'), filters: reportFiguresInput }).strict(),
]);

export const exportChannels = {
  /** Builds the file in the core (progress as `exports.progress`); the main process saves it. */
  'exports.build': channel<ExportFile>()(exportInput),
  /** Stops a running export: its call then fails with EXPORT_CANCELLED and nothing is saved. */
  'exports.cancel': channel<{ cancelled: boolean }>()(z.object({ jobId: uuid }).strict()),
  /** The 実績報告 summary as HTML with its font; the main process prints it (`exports.printKpiReport`). */
  'exports.kpiReport': channel<KpiReportDocument>()(reportFiguresInput),
} as const;

/** Answered by the main process: asks the core for `exports.build`, then the save dialog, then writes. */
export const exportMainChannels = {
  'exports.save': channel<ExportSaved>()(exportInput),
  /** Asks the core for `exports.kpiReport`, prints it to PDF in the hidden window, saves it. */
  'exports.printKpiReport': channel<KpiReportPrinted>()(reportFiguresInput),
} as const;
