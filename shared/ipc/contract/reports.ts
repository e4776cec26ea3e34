import {
  dataQualityInput,
  drilldownInput,
  reportFiguresInput,
  setCoefficientsInput,
} from '../../domain/inputs/reports.ts';
import type {
  CoefficientHistory,
  ReportDataQuality,
  ReportDrilldown,
  ReportFigures,
} from '../views/reports.ts';
import { channel, none } from './define.ts';

/**
 * The レポート screen (docs/reports.md): the town's KPI figures computed on this laptop from its own
 * records, offline, for any period; the records behind a figure; data-quality problems; the ripple
 * coefficients' history. Figures, drill-down and data quality: coordinators and administrators;
 * setting coefficients: town and consortium administrators only (FORBIDDEN otherwise), audited.
 */
export const reportChannels = {
  'reports.figures': channel<ReportFigures>()(reportFiguresInput),
  'reports.drilldown': channel<ReportDrilldown>()(drilldownInput),
  'reports.dataQuality': channel<ReportDataQuality>()(dataQualityInput),
  'reports.coefficients': channel<CoefficientHistory>()(none),
  'reports.setCoefficients': channel<CoefficientHistory>()(setCoefficientsInput),
} as const;
