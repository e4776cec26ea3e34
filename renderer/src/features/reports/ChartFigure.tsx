import { type ReactNode, useId, useState } from 'react';
import { useT } from '../../i18n/use-t.ts';

export interface TableColumn {
  key: string;
  label: string;
}

export interface TableRow {
  key: string;
  label: string;
  /** Already formatted, one per column. */
  cells: ReactNode[];
}

/**
 * A chart with its table: the chart is a picture (role="img" with a text alternative); the same
 * figures are in the table, which a button shows instead of the chart. Printing shows both.
 */
export function ChartFigure({
  title,
  alt,
  rowHeader,
  columns,
  rows,
  chart,
  controls,
}: {
  title: string;
  alt: string;
  rowHeader: string;
  columns: TableColumn[];
  rows: TableRow[];
  chart: ReactNode;
  controls?: ReactNode;
}) {
  const { t } = useT();
  const id = useId();
  const [asTable, setAsTable] = useState(false);
  return (
    <figure className="report-figure" aria-labelledby={`${id}-title`}>
      <div className="report-figure-head">
        <figcaption id={`${id}-title`}>{title}</figcaption>
        <div className="report-figure-tools">
          {controls}
          <button
            type="button"
            className="no-print"
            aria-pressed={asTable}
            aria-controls={`${id}-table`}
            onClick={() => setAsTable((v) => !v)}
          >
            {asTable ? t('reports:chart.showChart') : t('reports:chart.showTable')}
          </button>
        </div>
      </div>
      <div className={asTable ? 'chart-box screen-hidden' : 'chart-box'} role="img" aria-label={alt}>
        {chart}
      </div>
      <div id={`${id}-table`} className={asTable ? 'chart-table' : 'chart-table screen-hidden'}>
        <table className="report-table">
          <caption className="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">{rowHeader}</th>
              {columns.map((c) => (
                <th scope="col" key={c.key}>
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key}>
                <th scope="row">{r.label}</th>
                {r.cells.map((c, i) => (
                  <td key={columns[i]?.key ?? i}>{c}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
