import type { consortiumReportChannels } from '../../../shared/ipc/contract/consortium-reports.ts';
import type { HandlerSlice } from '../../../shared/ipc/contract.ts';
import type { CoreContext } from './context.ts';

export function consortiumReportHandlers(
  core: CoreContext,
): HandlerSlice<keyof typeof consortiumReportChannels> {
  return {
    'reports.consortium': ({ fiscalYear }) => core.session().consortiumReports.view(fiscalYear),
    'reports.refreshConsortium': ({ fiscalYear }) => core.session().consortiumReports.refresh(fiscalYear),
    'reports.targets': ({ fiscalYear }) => core.session().consortiumReports.targets(fiscalYear),
    'reports.setTarget': (input) => core.session().consortiumReports.setTarget(input),
  };
}
