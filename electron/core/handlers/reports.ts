import type { reportChannels } from '../../../shared/ipc/contract/reports.ts';
import type { HandlerSlice } from '../../../shared/ipc/contract.ts';
import type { CoreContext } from './context.ts';

export function reportHandlers(core: CoreContext): HandlerSlice<keyof typeof reportChannels> {
  return {
    'reports.figures': ({ from, to, programme }) =>
      core.session().reports.figures(from, to, programme ?? null),
    'reports.drilldown': (input) => core.session().reports.drilldown(input),
    'reports.dataQuality': ({ from, to }) => core.session().reports.dataQuality(from, to),
    'reports.coefficients': () => core.session().reports.coefficients(),
    'reports.setCoefficients': (input) => core.session().reports.setCoefficients(input),
  };
}
