import { Link } from 'react-router';
import type { CoefficientGap, CoefficientUse } from '../../../../shared/ipc/views/reports.ts';
import { useT } from '../../i18n/use-t.ts';
import { formatDateWithYear } from '../../lib/format.ts';
import { formatFigure, formatNumber } from './report-format.ts';

/**
 * The coefficients the ripple figure used, beside it: each version in force during the period with
 * the days it covered, and any days without coefficients. Never a hidden constant.
 */
export function CoefficientsUsed({ uses, gaps }: { uses: CoefficientUse[]; gaps: CoefficientGap[] }) {
  const { t, i18n } = useT();
  const lang = i18n.language;
  const date = (d: string) => formatDateWithYear(d, lang);
  const unpriced = gaps.reduce((s, g) => s + g.personNights, 0);
  return (
    <section className="coefficients-used" aria-label={t('reports:coefficients.title')}>
      <h4>{t('reports:coefficients.title')}</h4>
      {uses.length === 0 ? <p>{t('reports:coefficients.none')}</p> : null}
      {uses.length > 1 ? <p className="span-note">{t('reports:coefficients.spanNote')}</p> : null}
      <ul>
        {uses.map((u) => (
          <li key={`${u.version.id}-${u.from}`} data-coefficient-from={u.from}>
            <span className="coef-dates">
              {t('reports:coefficients.effectiveRange', { from: date(u.from), to: date(u.to) })}
            </span>
            <span>
              {t('reports:coefficients.spend')}{' '}
              <strong>{formatFigure(t, u.version.spendPerPersonNightYen, 'yen', lang)}</strong>
            </span>
            <span>
              {t('reports:coefficients.multiplier')} <strong>×{u.version.rippleMultiplier}</strong>
            </span>
            <span className="muted">
              {formatFigure(t, u.personNights, 'personNights', lang)} →{' '}
              {formatFigure(t, u.rippleYen, 'yen', lang)}
            </span>
          </li>
        ))}
      </ul>
      {unpriced > 0 ? (
        <p className="coef-gap">
          {t('reports:coefficients.notSet', { nights: formatNumber(unpriced, lang) })}{' '}
          <Link to="/reports/coefficients">{t('reports:coefficientsLink')}</Link>
        </p>
      ) : null}
    </section>
  );
}
