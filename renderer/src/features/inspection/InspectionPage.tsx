import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import type { AttachmentProgressView } from '../../../../shared/ipc/views.ts';
import { useT } from '../../i18n/use-t.ts';
import { errorText } from '../../lib/error-text.ts';
import { formatDateWithYear } from '../../lib/format.ts';
import { AttachmentViewer } from '../attachments/AttachmentViewer.tsx';
import { bilingual, sectionsOf } from './checklist-text.ts';
import { ItemCard } from './ItemCard.tsx';
import { useInspection } from './use-inspection.ts';
import './inspection.css';

const NO_LIVE: ReadonlyMap<string, AttachmentProgressView> = new Map();

/**
 * 現地調査 on the tablet: one section at a time, each item answered with one tap (saved at once),
 * progress per section, 「未回答へ」 to the next open item, photos per item. A finished inspection
 * opens read-only.
 */
export function InspectionPage() {
  const { t, i18n } = useT();
  const lang = i18n.language;
  const { inspectionId = '' } = useParams();
  // Arriving from the summary (`?item=`, an unanswered item) or the folder import (`?section=`).
  const [search] = useSearchParams();
  const askedItem = search.get('item');
  const askedSection = search.get('section');
  const insp = useInspection(inspectionId);
  const [current, setCurrent] = useState<string | null>(null);
  const [focusItem, setFocusItem] = useState<{ key: string; tick: number } | null>(null);
  const [viewer, setViewer] = useState<{ itemKey: string; index: number } | null>(null);

  const ready = insp.load.state === 'ready' ? insp.load : null;
  const sections = useMemo(() => (ready ? sectionsOf(ready.checklist) : []), [ready]);
  const progressOf = useMemo(() => new Map(insp.progress.map((p) => [p.key, p])), [insp.progress]);
  // Opens on the section asked for (with its item focused), else the first with something left to answer.
  useEffect(() => {
    if (current !== null || sections.length === 0) return;
    const withItem = askedItem
      ? sections.find(({ section }) => section.items.some((i) => i.key === askedItem))
      : undefined;
    if (withItem && askedItem) {
      setCurrent(withItem.section.key);
      setFocusItem({ key: askedItem, tick: 1 });
      return;
    }
    const asked = sections.find(({ section }) => section.key === askedSection);
    if (asked) {
      setCurrent(asked.section.key);
      return;
    }
    const open = sections.find(({ section }) => (progressOf.get(section.key)?.unanswered.length ?? 0) > 0);
    setCurrent((open ?? sections[0])?.section.key ?? null);
  }, [current, sections, progressOf, askedItem, askedSection]);

  // After 「未回答へ」: the item on screen and its first choice focused (digit keys work at once).
  useEffect(() => {
    if (!focusItem) return;
    const card = document.getElementById(`item-${focusItem.key}`);
    card?.scrollIntoView({ block: 'center' });
    card?.querySelector<HTMLButtonElement>('.insp-choice')?.focus({ preventScroll: true });
  }, [focusItem]);

  // The item the surveyor was last in: 「未回答へ」 looks onward from there (the button takes the focus).
  const lastItem = useRef<string | null>(null);
  useEffect(() => {
    const onFocusIn = (e: FocusEvent) => {
      const item = (e.target as HTMLElement | null)?.closest?.<HTMLElement>('[data-item]')?.dataset.item;
      if (item) lastItem.current = item;
    };
    document.addEventListener('focusin', onFocusIn);
    return () => document.removeEventListener('focusin', onFocusIn);
  }, []);
  const { answers, answer } = insp;
  const nextUnanswered = useCallback(() => {
    const order = sections.flatMap(({ section }) =>
      section.items.map((i) => ({ item: i.key, section: section.key })),
    );
    const here = lastItem.current;
    const start = Math.max(0, order.findIndex((o) => o.item === here) + 1);
    const rotated = [...order.slice(start), ...order.slice(0, start)];
    const next = rotated.find((o) => (answers[o.item]?.choice ?? null) === null);
    if (!next) return;
    setCurrent(next.section);
    setFocusItem((f) => ({ key: next.item, tick: (f?.tick ?? 0) + 1 }));
  }, [sections, answers]);

  const openPhoto = useCallback((itemKey: string, index: number) => setViewer({ itemKey, index }), []);
  const closeViewer = useCallback(() => setViewer(null), []);
  const onPhotos = useCallback(
    (itemKey: string, files: File[]) => void insp.addPhotos(itemKey, files),
    [insp.addPhotos],
  );

  if (insp.load.state === 'failed') {
    return (
      <section className="page insp-page">
        <h1>{t('inspection:list.title')}</h1>
        <p role="alert">{errorText(t, insp.load.error)}</p>
        <Link to="/inspections">{t('inspection:page.back')}</Link>
      </section>
    );
  }
  if (!ready) {
    return (
      <section className="page insp-page" aria-busy="true">
        <h1>{t('inspection:list.title')}</h1>
        <p className="muted">{t('app.loading')}</p>
      </section>
    );
  }
  const { view, checklist } = ready;
  const readOnly = view.status === 'finished';
  const shown = sections.find(({ section }) => section.key === current) ?? sections[0];
  const allAnswered = insp.counts.answered >= insp.counts.total;
  const viewerItems = viewer ? [...insp.photosOf(viewer.itemKey)] : [];

  return (
    <article className="page insp-page" aria-labelledby="insp-title">
      <p className="insp-breadcrumb">
        <Link to="/inspections">{t('inspection:page.back')}</Link>
        <Link to={`/akiya/${view.propertyId}`}>{t('inspection:page.toProperty')}</Link>
      </p>
      <header className="insp-header">
        <div>
          <h1 id="insp-title">{view.propertyAddress ?? t('inspection:list.noAddress')}</h1>
          <p className="insp-meta">
            <span>{bilingual(checklist.template.title, lang)}</span>
            {checklist.townRules ? <span>＋ {bilingual(checklist.townRules.title, lang)}</span> : null}
            <span>
              {[formatDateWithYear(view.inspectedOn, lang), view.weather, view.surveyorName]
                .filter(Boolean)
                .join(lang === 'en' ? ' · ' : '・')}
            </span>
            <span className={`insp-status ${view.status}`}>{t(`inspection:status.${view.status}`)}</span>
          </p>
        </div>
        <div className="insp-actions">
          {readOnly ? null : (
            <>
              <button
                type="button"
                className="insp-button"
                onClick={nextUnanswered}
                disabled={allAnswered}
                data-testid="next-unanswered"
              >
                {allAnswered ? t('inspection:page.allAnswered') : t('inspection:page.nextUnanswered')}
              </button>
              <Link
                to={`/inspections/${view.id}/import${lastItem.current ? `?item=${lastItem.current}` : ''}`}
                className="insp-button"
                data-testid="import-folder"
              >
                {t('inspection:page.importFolder')}
              </Link>
            </>
          )}
          <Link to={`/inspections/${view.id}/summary`} className="insp-button primary">
            {readOnly ? t('inspection:page.summary') : t('inspection:page.finish')}
          </Link>
        </div>
      </header>
      {readOnly ? (
        <p className="insp-readonly" data-testid="inspection-readonly">
          {t('inspection:page.finished')}
        </p>
      ) : null}
      <div className="insp-body">
        <nav className="insp-sections" aria-label={t('inspection:page.sections')}>
          <p className="insp-overall" data-testid="overall-progress">
            {t('inspection:page.overall', insp.counts)}
          </p>
          <ul>
            {sections.map(({ section, from }) => {
              const p = progressOf.get(section.key);
              const answered = p?.answered ?? 0;
              const total = p?.total ?? section.items.length;
              return (
                <li key={section.key}>
                  <button
                    type="button"
                    className={`insp-section-tab${answered >= total ? ' done' : ''}`}
                    aria-current={section.key === shown?.section.key ? 'step' : undefined}
                    onClick={() => setCurrent(section.key)}
                    data-testid="section-tab"
                    data-section={section.key}
                  >
                    <span className="insp-section-name">
                      {from === 'town' ? <small>{t('inspection:page.townSection')}</small> : null}
                      {bilingual(section.label, lang)}
                    </span>
                    <span className="insp-section-count" data-testid="section-progress" aria-hidden="true">
                      {t('inspection:page.sectionProgress', { answered, total })}
                    </span>
                    <span className="visually-hidden">
                      {t('inspection:page.sectionProgressLabel', { answered, total })}
                    </span>
                  </button>
                </li>
              );
            })}
          </ul>
          {readOnly ? null : <p className="muted insp-kbd-hint">{t('inspection:page.keyboardHint')}</p>}
        </nav>
        {shown ? (
          <section className="insp-items" aria-labelledby="insp-section-title" key={shown.section.key}>
            <h2 id="insp-section-title">{bilingual(shown.section.label, lang)}</h2>
            {shown.section.items.map((item) => (
              <ItemCard
                key={item.key}
                item={item}
                answer={answers[item.key]}
                pending={insp.pending[item.key]}
                save={insp.saves[item.key]}
                photos={insp.photosOf(item.key)}
                photoState={insp.photoStates[item.key]}
                readOnly={readOnly}
                onAnswer={answer}
                onNote={insp.saveNote}
                onPhotos={onPhotos}
                onOpenPhoto={openPhoto}
              />
            ))}
          </section>
        ) : null}
      </div>
      {viewer && viewerItems[viewer.index] ? (
        <AttachmentViewer
          items={viewerItems}
          index={viewer.index}
          live={NO_LIVE}
          onIndex={(index) => setViewer((v) => (v ? { ...v, index } : v))}
          onClose={closeViewer}
          onFetched={() => void insp.reloadPhotos()}
        />
      ) : null}
    </article>
  );
}
