import { Link } from 'react-router';
import type { InspectionSheetView } from '../../../../shared/ipc/views.ts';
import { useT } from '../../i18n/use-t.ts';
import { formatDateLong } from '../../lib/format.ts';
import { inLanguage } from './summary-format.ts';

/** Where the answering screen opens on one item (the flow reads `item` to scroll to it). */
export const answerLink = (inspectionId: string, itemKey: string) =>
  `/inspections/${inspectionId}?item=${encodeURIComponent(itemKey)}`;

/**
 * The checklist's judgement (特定空家等の候補, 不良住宅 …) with its reasons, whether it is provisional
 * and what it could become; then what was not checked (確認できず) and not answered (未回答), each a link
 * back to the item while the inspection is open.
 */
export function JudgementPanel({ sheet }: { sheet: InspectionSheetView }) {
  const { t, i18n } = useT();
  const lang = i18n.language;
  const { inspection } = sheet;
  const j = inspection.score.judgement;
  const open = inspection.status === 'in_progress';
  const items = new Map(sheet.sections.flatMap((s) => s.items).map((it) => [it.key, it]));
  const missing = (keys: string[], title: string, testId: string) =>
    keys.length === 0 ? null : (
      <div className="is-missing-list" data-testid={testId}>
        <h3>{title}</h3>
        <ul>
          {keys.map((k) => {
            const label = inLanguage(items.get(k)?.label, lang) || k;
            return (
              <li key={k}>
                {open ? (
                  <Link className="is-link" to={answerLink(inspection.id, k)}>
                    {t('inspectionSummary:judgement.answerIt', { item: label })}
                  </Link>
                ) : (
                  label
                )}
              </li>
            );
          })}
        </ul>
      </div>
    );
  return (
    <div className="is-judgement">
      {j ? (
        <>
          <p className="is-judgement-label" data-testid="judgement">
            {inLanguage(j.label, lang)}
          </p>
          {j.provisional ? (
            <p className="is-provisional" data-testid="judgement-provisional">
              {t('inspectionSummary:judgement.provisional', { worst: inLanguage(j.worstCase.label, lang) })}
            </p>
          ) : null}
          <h3>{t('inspectionSummary:judgement.reasons')}</h3>
          {sheet.reasons.length ? (
            <ul data-testid="judgement-reasons">
              {sheet.reasons.map((r) => (
                <li key={r.text.ja}>{inLanguage(r.text, lang)}</li>
              ))}
            </ul>
          ) : (
            <p className="muted">{t('inspectionSummary:judgement.noReasons')}</p>
          )}
        </>
      ) : (
        <p className="muted">{t('inspectionSummary:judgement.none')}</p>
      )}
      {missing(
        inspection.score.couldNotCheck,
        t('inspectionSummary:judgement.couldNotCheck', { count: inspection.score.couldNotCheck.length }),
        'could-not-check',
      )}
      {missing(
        inspection.score.notAssessed,
        t('inspectionSummary:judgement.notAssessed', { count: inspection.score.notAssessed.length }),
        'not-assessed',
      )}
      {!open ? (
        <dl className="is-facts" data-testid="finish-facts">
          <dt>{t('inspectionSummary:judgement.recommended')}</dt>
          <dd>{inspection.recommendedAction ?? '—'}</dd>
          <dt>{t('inspectionSummary:judgement.followUp')}</dt>
          <dd>{inspection.followUpOn ? formatDateLong(inspection.followUpOn, lang) : '—'}</dd>
        </dl>
      ) : null}
    </div>
  );
}
