import type { inspectionSummaryChannels } from '../../../shared/ipc/contract/inspection-summary.ts';
import type { HandlerSlice } from '../../../shared/ipc/contract.ts';
import type { CoreContext } from './context.ts';

export function inspectionSummaryHandlers(
  core: CoreContext,
): HandlerSlice<keyof typeof inspectionSummaryChannels> {
  return {
    'inspections.summary': ({ inspectionId }) => core.session().inspectionSheets.summary(inspectionId),
    'inspections.report': (input) => core.session().inspectionReports.document(input),
  };
}
