import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { DrilldownFigure } from '../../../../shared/domain/inputs/reports.ts';
import type { KPI_DEFINITIONS } from '../../../../shared/domain/kpi/definitions.ts';
import { useT } from '../../i18n/use-t.ts';

/** A figure's definition, one click away (the shared copy the server also shows). */
export function Definition({
  definitions,
  figure,
}: {
  definitions: typeof KPI_DEFINITIONS;
  figure: keyof typeof KPI_DEFINITIONS;
}) {
  const { t, i18n } = useT();
  return (
    <details className="definition">
      <summary>{t('reports:definition')}</summary>
      <p>{definitions[figure][i18n.language === 'en' ? 'en' : 'ja']}</p>
    </details>
  );
}

/** One figure: its name, value, definition and the way to the records behind it. */
export function FigureCard({
  figure,
  value,
  detail,
  definitions,
  drillTo,
  grant = false,
  children,
}: {
  figure: DrilldownFigure;
  value: string;
  detail?: ReactNode;
  definitions: typeof KPI_DEFINITIONS;
  /** The drill-down's address. */
  drillTo: string;
  grant?: boolean;
  children?: ReactNode;
}) {
  const { t } = useT();
  return (
    <article className={grant ? 'figure-card grant' : 'figure-card'} data-figure={figure}>
      <h3>{t(`reports:kpi.${figure}`)}</h3>
      <p className="figure-value" data-testid={`figure-${figure}`}>
        {value}
      </p>
      {detail ? <div className="figure-detail">{detail}</div> : null}
      {children}
      <div className="figure-actions">
        <Definition definitions={definitions} figure={figure} />
        <Link className="button" to={drillTo}>
          {t('reports:records')}
          <span className="visually-hidden">（{t(`reports:kpi.${figure}`)}）</span>
        </Link>
      </div>
    </article>
  );
}
