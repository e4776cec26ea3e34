import type { TargetKpi } from '../../../../shared/domain/kpi-targets.ts';
import type { TargetView } from '../../../../shared/ipc/views/consortium-reports.ts';
import { useProfile } from '../../app/profile-context.ts';
import { useT } from '../../i18n/use-t.ts';
import { useCall } from '../../lib/use-call.ts';
import { formatFigure } from './report-format.ts';

const UNIT = {
  relationship_population: 'people',
  person_nights: 'personNights',
  nights: 'nights',
  ripple_yen: 'thousandYen',
} as const;

/**
 * The target that applies to the town for a 年度, from the laptop's cache of the consortium's targets:
 * the town's own when one is set, else the consortium's. Undefined when none is cached (or the role
 * does not see the cache).
 */
export function useTargetsInForce(fiscalYear: number): Partial<Record<TargetKpi, TargetView>> {
  const { profile } = useProfile();
  const cached = useCall('reports.targets', { fiscalYear });
  const out: Partial<Record<TargetKpi, TargetView>> = {};
  for (const target of cached.data?.targets ?? []) {
    if (target.value === null) continue;
    const own = target.townId === profile.municipality.id;
    if (!own && target.townId !== null) continue;
    const current = out[target.kpi];
    const width = (x: TargetView) => x.fiscalYearTo - x.fiscalYearFrom;
    // The town's own first; among the same owner's, the span closest to the 年度 (its own year's).
    const better =
      !current ||
      (own && current.townId === null) ||
      ((target.townId === null) === (current.townId === null) && width(target) < width(current));
    if (better) out[target.kpi] = target;
  }
  return out;
}

/** The first day of the target's span, and the last day measured (the end of the 年度 shown at most). */
export function targetSpan(target: TargetView, shownFy: number): { from: string; to: string } {
  const last = Math.min(target.fiscalYearTo, shownFy);
  return { from: `${target.fiscalYearFrom}-04-01`, to: `${last + 1}-03-31` };
}

/** A grant KPI's target beside its card: whose, for which 年度, and how far the town's figure has come. */
export function GrantTarget({
  kpi,
  target,
  shownFy,
}: {
  kpi: TargetKpi;
  target: TargetView;
  shownFy: number;
}) {
  const { t, i18n } = useT();
  const lang = i18n.language;
  const span = targetSpan(target, shownFy);
  const achieved = useCall('reports.figures', span);
  const value = target.value ?? 0;
  const totals = achieved.data?.totals;
  const figure =
    totals === undefined
      ? undefined
      : kpi === 'relationship_population'
        ? totals.relationshipPopulation
        : kpi === 'person_nights'
          ? totals.personNights
          : kpi === 'nights'
            ? totals.nights
            : totals.rippleYen;
  const years =
    target.fiscalYearFrom === target.fiscalYearTo
      ? t('reports:targets.oneYear', { fy: target.fiscalYearFrom })
      : t('reports:targets.years', { from: target.fiscalYearFrom, to: target.fiscalYearTo });
  const percent = figure === undefined || value <= 0 ? undefined : (figure / value) * 100;
  return (
    <div className="grant-target" data-testid={`target-${kpi}`}>
      <p>
        <strong>{t('reports:target', { value: formatFigure(t, value, UNIT[kpi], lang) })}</strong>{' '}
        <span className="muted">
          （{target.townId === null ? t('reports:targets.consortium') : t('reports:targets.town')}・{years}）
        </span>
      </p>
      {figure !== undefined && percent !== undefined ? (
        <>
          <progress max={100} value={Math.min(100, percent)} aria-label={t(`reports:kpi.${kpi}`)} />
          <p className="muted">
            {t('reports:targets.achieved', {
              value: formatFigure(t, figure, UNIT[kpi], lang),
              through: Math.min(target.fiscalYearTo, shownFy),
            })}{' '}
            {t('reports:progress', { percent: percent.toFixed(1) })}
          </p>
        </>
      ) : null}
    </div>
  );
}
