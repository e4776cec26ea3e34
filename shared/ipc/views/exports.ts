/** What the record-list exports answer (docs/exports.md). */

export const EXPORT_KINDS = ['families', 'stays', 'checkins', 'events', 'akiya', 'kpi'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

export const EXPORT_FORMATS = ['xlsx', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The file the core built (`exports.build`): its bytes cross IPC as a Uint8Array. */
export interface ExportFile {
  fileName: string;
  mimeType: string;
  bytes: Uint8Array;
  /** Rows written, all sheets together. */
  rows: number;
  /**
   * Akiya register with owners: the properties whose owner columns were left empty because no valid
   * consent of the purpose (with the owner in its scope) exists today. Zero otherwise.
   */
  ownersWithheld: number;
}

/** What the save channel answers (`exports.save`): nothing is written when the dialog is cancelled. */
export interface ExportSaved {
  fileName: string;
  saved: boolean;
  /** The file's size in bytes. */
  size: number;
  rows: number;
  ownersWithheld: number;
}

/** How far a running export has come (`exports.progress`): rows written of the rows to write. */
export interface ExportProgressView {
  jobId: string;
  done: number;
  total: number;
}

/** The 実績報告 summary as self-contained HTML (`exports.kpiReport`); the main process prints it. */
export interface KpiReportDocument {
  html: string;
  /** The files (file: URLs) the HTML may load: its font. */
  files: string[];
  fileName: string;
}

/** What printing the 実績報告 answers (`exports.printKpiReport`). */
export interface KpiReportPrinted {
  fileName: string;
  saved: boolean;
  /** The PDF's size in bytes. */
  size: number;
}
