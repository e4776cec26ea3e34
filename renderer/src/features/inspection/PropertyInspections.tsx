import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import type {
  InspectionChecklistView,
  InspectionSummaryView,
} from '../../../../shared/ipc/views/inspections.ts';
import { type T, useT } from '../../i18n/use-t.ts';
import { call } from '../../lib/api.ts';
import { errorText } from '../../lib/error-text.ts';
import { formatDateWithYear } from '../../lib/format.ts';
import { useCall } from '../../lib/use-call.ts';
import { bilingual } from './checklist-text.ts';
import './inspection.css';

/**
 * The property page's 現地調査: its inspections newest first (day, checklist, state, the stored
 * headline score and judgement), an unfinished one to resume, and a new one to start.
 */
export function PropertyInspections({ propertyId }: { propertyId: string }) {
  const { t, i18n } = useT();
  const lang = i18n.language;
  const list = useCall('inspections.ofProperty', { propertyId });
  const rows = list.data ?? [];
  const checklists = useChecklistsOf(rows);

  return (
    <div className="insp-property" data-testid="property-inspections">
      {list.error ? <p role="alert">{errorText(t, list.error)}</p> : null}
      {list.data && rows.length === 0 ? (
        <p className="muted" data-testid="inspections-empty">
          {t('inspection:property.empty')}
        </p>
      ) : null}
      {rows.length > 0 ? (
        <table className="insp-table" aria-label={t('inspection:property.listLabel')}>
          <thead>
            <tr>
              <th scope="col">{t('inspection:list.columns.date')}</th>
              <th scope="col">{t('inspection:list.columns.template')}</th>
              <th scope="col">{t('inspection:list.columns.progress')}</th>
              <th scope="col">{t('inspection:property.result')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('inspection:list.columns.action')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const checklist = checklists.get(checklistKey(r));
              return (
                <tr key={r.id} data-testid="property-inspection" data-status={r.status}>
                  <td>{formatDateWithYear(r.inspectedOn, lang)}</td>
                  <td>{checklist ? bilingual(checklist.template.title, lang) : r.templateId}</td>
                  <td>
                    {t(`inspection:status.${r.status}`)}
                    {r.status === 'in_progress'
                      ? `（${t('inspection:list.progress', { answered: r.answered, total: r.total })}）`
                      : ''}
                  </td>
                  <td data-testid="inspection-result">{headline(t, lang, r, checklist)}</td>
                  <td>
                    <Link
                      to={r.status === 'finished' ? `/inspections/${r.id}/summary` : `/inspections/${r.id}`}
                      className="insp-button"
                    >
                      {r.status === 'finished'
                        ? t('inspection:property.open')
                        : t('inspection:property.resume')}
                    </Link>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
      <p>
        <Link to={`/akiya/${propertyId}/inspections/new`} className="insp-button primary">
          {t('inspection:property.start')}
        </Link>
      </p>
    </div>
  );
}

const checklistKey = (
  r: Pick<InspectionSummaryView, 'templateId' | 'templateVersion' | 'townRulesId' | 'townRulesVersion'>,
) => `${r.templateId}@${r.templateVersion}/${r.townRulesId ?? ''}@${r.townRulesVersion ?? ''}`;

/** One checklist read per version in the list (labels of its measures, bands and judgements). */
function useChecklistsOf(rows: readonly InspectionSummaryView[]): Map<string, InspectionChecklistView> {
  const [found, setFound] = useState(() => new Map<string, InspectionChecklistView>());
  const wanted = new Map<string, string>();
  for (const r of rows) if (!wanted.has(checklistKey(r))) wanted.set(checklistKey(r), r.id);
  const missing = [...wanted].filter(([key]) => !found.has(key));
  const signature = missing.map(([key]) => key).join('|');
  // biome-ignore lint/correctness/useExhaustiveDependencies: `signature` stands for `missing`.
  useEffect(() => {
    if (missing.length === 0) return;
    let current = true;
    Promise.all(
      missing.map(([key, inspectionId]) =>
        call('inspections.checklist', { inspectionId }).then(
          (c) => [key, c] as const,
          () => null,
        ),
      ),
    ).then((pairs) => {
      if (!current) return;
      setFound((before) => {
        const next = new Map(before);
        for (const p of pairs) if (p) next.set(p[0], p[1]);
        return next;
      });
    });
    return () => {
      current = false;
    };
  }, [signature]);
  return found;
}

/** 「不良度 120点（不良住宅）・判定」 from what was stored at finish, with the checklist's labels. */
function headline(
  t: T,
  lang: string,
  r: InspectionSummaryView,
  c: InspectionChecklistView | undefined,
): string {
  if (r.status !== 'finished') return '';
  const parts: string[] = [];
  if (r.scoreMeasure !== null && r.scoreTotal !== null) {
    const measure = c?.template.scoring.measures.find((m) => m.key === r.scoreMeasure);
    const bands = [
      ...(measure?.bands ?? []),
      ...(c?.townRules?.bands.find((b) => b.measure === r.scoreMeasure)?.bands ?? []),
    ];
    const band = bands.find((b) => b.key === r.scoreBand);
    parts.push(
      t('inspection:property.score', {
        measure: measure ? bilingual(measure.label, lang) : r.scoreMeasure,
        total: r.scoreTotal,
        band: band ? bilingual(band.label, lang) : (r.scoreBand ?? ''),
      }),
    );
  }
  if (r.judgement !== null) {
    const j = c?.template.scoring.judgement;
    const outcome = [...(j?.rules ?? []), ...(j ? [j.otherwise] : [])].find((o) => o.key === r.judgement);
    parts.push(outcome ? bilingual(outcome.label, lang) : r.judgement);
  }
  if (r.scoreProvisional) parts.push(t('inspection:property.provisional'));
  return parts.length > 0 ? parts.join(lang === 'en' ? ' · ' : '・') : t('inspection:property.notScored');
}
