import { featureMessages } from '../../i18n/define.ts';

const ja = {
  group: '書き出し',
  what: '書き出す表',
  kinds: {
    families: '家族一覧',
    stays: '滞在一覧',
    checkins: '日々の記録',
    events: 'イベントと参加記録',
    akiya: '空き家台帳',
    kpi: 'KPI実績',
  },
  pdf: '実績報告をPDFで保存',
  printing: 'PDFを作成中…',
  pdfSaved: '{{file}} を保存しました',
  excel: 'Excel',
  csv: 'CSV',
  excelLabel: '{{what}}をExcelで書き出す',
  csvLabel: '{{what}}をCSVで書き出す',
  filtersNote: '画面の絞り込み条件で書き出します',
  owners: '所有者情報を含める（空き家バンク掲載の同意がある物件のみ・提供記録に残ります）',
  working: '書き出し中… {{done}} / {{total}} 行',
  preparing: '書き出しの準備中…',
  progressLabel: '書き出しの進み具合',
  cancel: '中止',
  saved: '{{file}} を保存しました（{{rows}}行）',
  savedWithheld:
    '{{file}} を保存しました（{{rows}}行、同意のない{{withheld}}件は所有者情報を記載していません）',
  notSaved: '保存しませんでした',
  cancelled: '書き出しを中止しました',
};

const en: typeof ja = {
  group: 'Export',
  what: 'Table to export',
  kinds: {
    families: 'Families',
    stays: 'Stays',
    checkins: 'Check-ins',
    events: 'Events and attendance',
    akiya: 'Akiya register',
    kpi: 'KPI figures',
  },
  pdf: 'Save the results report as PDF',
  printing: 'Making the PDF…',
  pdfSaved: 'Saved {{file}}',
  excel: 'Excel',
  csv: 'CSV',
  excelLabel: 'Export {{what}} to Excel',
  csvLabel: 'Export {{what}} as CSV',
  filtersNote: 'Exports what the filters on screen show',
  owners: 'Include owners (only houses with a bank-listing consent; each is logged as a disclosure)',
  working: 'Exporting… {{done}} / {{total}} rows',
  preparing: 'Preparing the export…',
  progressLabel: 'Export progress',
  cancel: 'Cancel',
  saved: 'Saved {{file}} ({{rows}} rows)',
  savedWithheld: 'Saved {{file}} ({{rows}} rows; no owner details for {{withheld}} houses without consent)',
  notSaved: 'Not saved',
  cancelled: 'The export was cancelled',
};

export const exportMessages = featureMessages(ja, en);
