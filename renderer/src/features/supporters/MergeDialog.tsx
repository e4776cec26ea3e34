import { useEffect, useId, useState } from 'react';
import type { SupporterSummary, SupporterView } from '../../../../shared/ipc/views/community-events.ts';
import { useT } from '../../i18n/use-t.ts';
import { call } from '../../lib/api.ts';
import { errorText } from '../../lib/error-text.ts';
import { useToast } from '../../lib/forms/toast.tsx';
import { SupDialog } from './SupDialog.tsx';
import { connectionText, dateText, homeText } from './supporter-format.ts';

/**
 * 別の記録と統合: find the other record of the same person, see what this record becomes, confirm.
 * The preview applies the core's rule (supporter-service.ts merge): gaps filled from the other, the
 * connections combined, the earlier first date, this record's own consent.
 */
export function MergeDialog({
  keep,
  open,
  initialOtherId,
  onClose,
}: {
  keep: SupporterView;
  open: boolean;
  initialOtherId: string | null;
  onClose: () => void;
}) {
  const { t } = useT();
  const toast = useToast();
  const id = useId();
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<SupporterSummary[]>([]);
  const [other, setOther] = useState<SupporterSummary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!open) return;
    setQuery('');
    setError(null);
    setOther(null);
    // From the form's 「この人と同じ」: the other record is already known.
    if (initialOtherId && initialOtherId !== keep.id) {
      call('supporters.get', { id: initialOtherId }).then(setOther, (e: unknown) =>
        setError(errorText(t, e)),
      );
    }
  }, [open, initialOtherId, keep.id, t]);

  useEffect(() => {
    if (!open) return;
    let live = true;
    call('supporters.list', { query, limit: 20 }).then(
      (page) => {
        if (live) setFound(page.supporters.filter((s) => s.id !== keep.id && !s.erased));
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [open, query, keep.id]);

  const merge = async () => {
    if (!other) return;
    setBusy(true);
    setError(null);
    try {
      await call('supporters.merge', { keepId: keep.id, mergeId: other.id });
      toast({ message: t('supporters:merge.done', { other: other.name }) });
      onClose();
    } catch (e) {
      setError(errorText(t, e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <SupDialog
      open={open}
      title={t('supporters:merge.title')}
      confirmLabel={t('supporters:merge.confirm')}
      confirmDisabled={busy || other === null}
      onConfirm={() => void merge()}
      onCancel={onClose}
    >
      <p>{t('supporters:merge.lead')}</p>
      {other === null ? (
        <>
          <div className="field">
            <label htmlFor={`${id}-q`}>{t('supporters:merge.search')}</label>
            <input id={`${id}-q`} type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
          </div>
          {found.length === 0 ? (
            <p className="muted">{t('supporters:merge.noCandidates')}</p>
          ) : (
            <ul className="sup-pick-list">
              {found.map((s) => (
                <li key={s.id}>
                  <button type="button" className="sup-pick" onClick={() => setOther(s)}>
                    <span className="sup-name">{s.name}</span>
                    <span className="kana">{s.nameKana}</span>
                    <span className="muted">{homeText(s)}</span>
                    <span className="visually-hidden">{t('supporters:merge.pick', { name: s.name })}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </>
      ) : (
        <MergePreview keep={keep} other={other} onChangeOther={() => setOther(null)} />
      )}
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </SupDialog>
  );
}

function MergePreview({
  keep,
  other,
  onChangeOther,
}: {
  keep: SupporterView;
  other: SupporterSummary;
  onChangeOther: () => void;
}) {
  const { t, i18n } = useT();
  const connections = [...new Set([...keep.connections, ...other.connections])].sort();
  const firsts = [keep.firstConnectedOn, other.firstConnectedOn]
    .filter((d): d is string => d !== null)
    .sort();
  const home = homeText({
    homePrefecture: keep.homePrefecture ?? other.homePrefecture,
    homeCity: keep.homeCity ?? other.homeCity,
  });
  return (
    <section
      className="sup-merge-preview"
      aria-labelledby="sup-merge-preview-title"
      data-testid="merge-preview"
    >
      <h3 id="sup-merge-preview-title">{t('supporters:merge.previewTitle')}</h3>
      <p>{t('supporters:merge.previewKeeps', { keep: keep.name, other: other.name })}</p>
      <dl className="sup-facts">
        <div className="sup-fact">
          <dt>{t('supporters:fields.name')}</dt>
          <dd>
            {keep.name}
            {(keep.nameKana ?? other.nameKana) ? `（${keep.nameKana ?? other.nameKana}）` : ''}
          </dd>
        </div>
        <div className="sup-fact">
          <dt>{t('supporters:columns.home')}</dt>
          <dd>{home || t('supporters:detail.none')}</dd>
        </div>
        <div className="sup-fact">
          <dt>{t('supporters:fields.connections')}</dt>
          <dd>
            {connections
              .map((c) => connectionText(t, c, keep.connectionOther ?? other.connectionOther))
              .join('・') || t('supporters:detail.none')}
          </dd>
        </div>
        <div className="sup-fact">
          <dt>{t('supporters:fields.firstConnectedOn')}</dt>
          <dd>{firsts[0] ? dateText(firsts[0], i18n.language) : t('supporters:detail.none')}</dd>
        </div>
      </dl>
      <button type="button" className="sup-button" onClick={onChangeOther}>
        {t('supporters:merge.chooseAnother')}
      </button>
    </section>
  );
}
