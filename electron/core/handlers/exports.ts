import { pathToFileURL } from 'node:url';
import { japanDate } from '../../../shared/domain/dates.ts';
import type { exportChannels } from '../../../shared/ipc/contract/exports.ts';
import type { HandlerSlice } from '../../../shared/ipc/contract.ts';
import { ExportService } from '../exports/export-service.ts';
import { ExportJobs } from '../exports/jobs.ts';
import { kpiReportHtml } from '../exports/kpi-report.ts';
import { findListingFont } from '../services/listing-sheet.ts';
import type { CoreContext } from './context.ts';

/** Record-list exports: built in the core in chunks, with progress events and a cancel. */
export function exportHandlers(core: CoreContext): HandlerSlice<keyof typeof exportChannels> {
  const jobs = new ExportJobs();
  return {
    'exports.build': async (input) => {
      const session = core.session();
      const service = new ExportService({
        sqlite: core.device.store.database.sqlite,
        actor: session.actor,
        role: session.profile.role,
        writer: session.writer,
        families: session.families,
        events: session.events,
        register: session.register,
        consents: session.consents,
        reports: session.reports,
        now: () => core.device.now(),
      });
      const signal = jobs.start(input.jobId);
      try {
        return await service.build(input, {
          signal,
          report: (done, total) =>
            core.device.events.emit('exports.progress', { jobId: input.jobId, done, total }),
        });
      } finally {
        jobs.finish(input.jobId);
      }
    },
    'exports.cancel': ({ jobId }) => ({ cancelled: jobs.cancel(jobId) }),
    'exports.kpiReport': ({ from, to, programme }) => {
      const session = core.session();
      const figures = session.reports.figures(from, to, programme ?? null);
      const fontUrl = pathToFileURL(findListingFont()).href;
      const madeOn = japanDate(core.device.now());
      return {
        html: kpiReportHtml({ figures, townName: session.profile.municipality.name, fontUrl, madeOn }),
        files: [fontUrl],
        fileName: `実績報告KPI_${from}_${to}.pdf`,
      };
    },
  };
}
