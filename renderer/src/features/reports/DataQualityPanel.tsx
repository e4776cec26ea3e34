import { Link } from 'react-router';
import type { DataQualityItem } from '../../../../shared/ipc/views/reports.ts';
import { useT } from '../../i18n/use-t.ts';
import { errorText } from '../../lib/error-text.ts';
import { formatDateWithYear } from '../../lib/format.ts';
import { useCall } from '../../lib/use-call.ts';

/** Where a problem is fixed: the stay's form, the family's page, or the coefficients page for a gap. */
export function fixAddress(item: DataQualityItem): string {
  if (item.table === 'stay' && item.recordId) return `/stays/${item.recordId}/edit`;
  if (item.table === 'family' && item.recordId) return `/families/${item.recordId}`;
  return '/reports/coefficients';
}

/** データの確認: each problem that makes a figure doubtful, named, with a link to the record to fix. */
export function DataQualityPanel({ from, to }: { from: string; to: string }) {
  const { t, i18n } = useT();
  const quality = useCall('reports.dataQuality', { from, to });
  const problems = quality.data?.problems.filter((p) => p.count > 0) ?? [];
  const date = (d: string | null) => (d ? formatDateWithYear(d, i18n.language) : '');
  return (
    <section
      className="report-section data-quality"
      aria-labelledby="data-quality"
      data-state={quality.data ? 'loaded' : 'loading'}
    >
      <h2 id="data-quality">{t('reports:quality.title')}</h2>
      <p className="muted">{t('reports:quality.lead')}</p>
      {quality.error ? <p className="form-error">{errorText(t, quality.error)}</p> : null}
      {quality.data && problems.length === 0 ? <p>{t('reports:quality.none')}</p> : null}
      {problems.map((p) => (
        <details key={p.kind} className="quality-problem" data-kind={p.kind}>
          <summary>
            <strong>{t(`reports:quality.kind.${p.kind}`)}</strong>{' '}
            <span className="badge attention">{t('reports:quality.count', { count: p.count })}</span>
          </summary>
          <p className="muted">{t(`reports:quality.help.${p.kind}`)}</p>
          <ul>
            {p.items.map((item) => (
              <li key={`${item.recordId ?? 'gap'}-${item.date ?? ''}`}>
                <Link className="button" to={fixAddress(item)}>
                  {item.table === null
                    ? t('reports:range', { from: date(item.date), to: date(item.to) })
                    : t('reports:quality.item', {
                        name: item.familyName || t('reports:quality.erased'),
                        date: date(item.date),
                      })}
                </Link>
              </li>
            ))}
          </ul>
          {p.count > p.items.length ? (
            <p className="muted">{t('reports:quality.more', { shown: p.items.length, total: p.count })}</p>
          ) : null}
        </details>
      ))}
    </section>
  );
}
