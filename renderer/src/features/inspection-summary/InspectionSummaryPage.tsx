import { Link, useParams } from 'react-router';
import { useT } from '../../i18n/use-t.ts';
import { errorText } from '../../lib/error-text.ts';
import { formatDateLong } from '../../lib/format.ts';
import { Section } from '../../lib/PageSection.tsx';
import { useCall } from '../../lib/use-call.ts';
import { ComparisonPanel } from './ComparisonPanel.tsx';
import { DeterminationPanel } from './DeterminationPanel.tsx';
import { FinishForm } from './FinishForm.tsx';
import { ItemTable } from './ItemTable.tsx';
import { JudgementPanel } from './JudgementPanel.tsx';
import { ReportPrint } from './ReportPrint.tsx';
import { ScorePanel as ScoreSection } from './ScorePanel.tsx';
import { inLanguage, photosByItem } from './summary-format.ts';
import './inspection-summary.css';

/**
 * 調査のまとめ (`/inspections/:inspectionId/summary`): the score with the town's rules beside it, the
 * judgement with its reasons, every item's points and photos, finishing an open inspection, the
 * comparison with the previous one, the town's 判定 and the report. One core read
 * (`inspections.summary`) resolves the checklist into words; docs/inspections.md.
 */
export function InspectionSummaryPage() {
  const { t, i18n } = useT();
  const lang = i18n.language;
  const { inspectionId = '' } = useParams();
  const summary = useCall('inspections.summary', { inspectionId });
  const attachments = useCall('attachments.list', { ownerTable: 'inspection', ownerId: inspectionId });

  if (summary.error) {
    return (
      <section className="page is-page">
        <h1>{t('inspectionSummary:page.notFound')}</h1>
        <p role="alert">{errorText(t, summary.error)}</p>
      </section>
    );
  }
  const sheet = summary.data;
  if (!sheet || sheet.inspection.id !== inspectionId) {
    return (
      <section className="page is-page" aria-busy="true">
        <h1>{t('inspectionSummary:page.title')}</h1>
        <p className="muted">{t('app.loading')}</p>
      </section>
    );
  }
  const { inspection: i, property: p } = sheet;
  const open = i.status === 'in_progress';
  const photos = photosByItem(attachments.data);
  const reload = () => {
    summary.reload();
    attachments.reload();
  };
  const position =
    p.latitude !== null && p.longitude !== null
      ? t('inspectionSummary:page.position', {
          position: `${p.latitude.toFixed(5)}, ${p.longitude.toFixed(5)}`,
        })
      : t('inspectionSummary:page.noPosition');
  const unknown = t('inspectionSummary:page.unknown');

  return (
    <article className="page is-page" aria-labelledby="inspection-title">
      <p className="is-breadcrumb">
        {open ? (
          <Link className="is-link" to={`/inspections/${i.id}`}>
            {t('inspectionSummary:page.back')}
          </Link>
        ) : null}
        <Link className="is-link" to={`/akiya/${p.id}`}>
          {t('inspectionSummary:page.toProperty')}
        </Link>
      </p>
      <header className="is-header">
        <h1 id="inspection-title">
          {t('inspectionSummary:page.title')}
          <span className={`is-pill status-${i.status}`} data-testid="inspection-status">
            {t(open ? 'inspectionSummary:page.inProgress' : 'inspectionSummary:page.finished')}
          </span>
        </h1>
        <p className="is-place" data-testid="inspection-place">
          {[p.refNumber, p.address, p.lotNumber].filter(Boolean).join(' ／ ')}
        </p>
        <p className="muted">
          {t('inspectionSummary:page.facts', {
            date: formatDateLong(i.inspectedOn, lang),
            surveyor: i.surveyorName ?? unknown,
            weather: i.weather ?? unknown,
          })}
          <br />
          {t('inspectionSummary:page.checklist', {
            title: inLanguage(sheet.template.title, lang),
            version: sheet.template.version,
          })}
          {sheet.townRules ? (
            <>
              {'　'}
              {t('inspectionSummary:page.townRules', {
                title: inLanguage(sheet.townRules.title, lang),
                version: sheet.townRules.version,
              })}
            </>
          ) : null}
          <br />
          {position}
        </p>
      </header>
      <Section id="is-judgement" title={t('inspectionSummary:judgement.title')}>
        <JudgementPanel sheet={sheet} />
      </Section>
      {open ? (
        <Section id="is-finish" title={t('inspectionSummary:finish.title')}>
          <FinishForm sheet={sheet} onDone={reload} />
        </Section>
      ) : null}
      <Section id="is-score" title={t('inspectionSummary:score.title')}>
        <ScoreSection sheet={sheet} />
      </Section>
      <Section id="is-items" title={t('inspectionSummary:score.items')}>
        <ItemTable sheet={sheet} photos={photos} onFetched={attachments.reload} />
      </Section>
      <Section id="is-compare" title={t('inspectionSummary:compare.title')}>
        <ComparisonPanel sheet={sheet} photos={photos} onFetched={attachments.reload} />
      </Section>
      <Section id="is-determine" title={t('inspectionSummary:determine.title')}>
        <DeterminationPanel sheet={sheet} onDone={reload} />
      </Section>
      <Section id="is-report" title={t('inspectionSummary:report.title')}>
        <ReportPrint inspectionId={i.id} />
      </Section>
    </article>
  );
}
