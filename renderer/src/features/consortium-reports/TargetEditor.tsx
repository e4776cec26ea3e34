import { type FormEvent, useId, useState } from 'react';
import type { Role } from '../../../../shared/domain/enums.ts';
import { TARGET_KPIS, type TargetKpi } from '../../../../shared/domain/kpi-targets.ts';
import { useT } from '../../i18n/use-t.ts';
import { call } from '../../lib/api.ts';
import { errorText } from '../../lib/error-text.ts';
import { useCall } from '../../lib/use-call.ts';
import { formatInstant } from '../sync/sync-format.ts';

/**
 * 目標の設定: the consortium administrator sets the consortium's targets or a town's; a town
 * administrator their own town's. The server keeps every setting (reports.setTarget, online only);
 * the history below is what this laptop last fetched for targets covering the 年度 shown.
 */
export function TargetEditor({
  fiscalYear,
  towns,
  role,
  ownTown,
  onSaved,
  locale,
}: {
  fiscalYear: number;
  towns: { id: string; name: string }[];
  role: Role;
  ownTown: string;
  onSaved: () => void;
  locale: 'ja' | 'en';
}) {
  const { t } = useT();
  const ids = useId();
  const targets = useCall('reports.targets', { fiscalYear });
  const consortium = role === 'consortium_admin';
  const [scope, setScope] = useState<string>(consortium ? '' : ownTown);
  const [kpi, setKpi] = useState<TargetKpi>('relationship_population');
  const [from, setFrom] = useState(fiscalYear);
  const [to, setTo] = useState(fiscalYear);
  const [value, setValue] = useState('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const years = Array.from({ length: 12 }, (_, i) => fiscalYear - 4 + i);
  const fmt = (n: number) => n.toLocaleString(locale === 'ja' ? 'ja-JP' : 'en-GB');

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setMessage(null);
    const typed = value.normalize('NFKC').replace(/[,，\s]/g, '');
    if (typed !== '' && !/^\d+$/.test(typed)) {
      setMessage({ text: t('validation.wholeNumber'), error: true });
      return;
    }
    setBusy(true);
    try {
      await call('reports.setTarget', {
        townId: scope === '' ? null : scope,
        kpi,
        fiscalYearFrom: from,
        fiscalYearTo: to,
        value: typed === '' ? null : Number(typed),
        note,
      });
      setMessage({ text: t('consortiumReports:editor.saved'), error: false });
      setValue('');
      setNote('');
      targets.reload();
      onSaved();
    } catch (err) {
      setMessage({ text: errorText(t, err), error: true });
    } finally {
      setBusy(false);
    }
  };

  const history = targets.data?.history ?? [];
  return (
    <section className="card consortium-editor" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>{t('consortiumReports:editor.title')}</h2>
      <p className="muted">{t('consortiumReports:editor.lead')}</p>
      <form onSubmit={save} className="consortium-form" data-testid="target-form">
        <label>
          <span>{t('consortiumReports:editor.scope')}</span>
          <select value={scope} onChange={(e) => setScope(e.target.value)}>
            {consortium ? <option value="">{t('consortiumReports:consortiumScope')}</option> : null}
            {towns
              .filter((x) => consortium || x.id === ownTown)
              .map((x) => (
                <option key={x.id} value={x.id}>
                  {x.name}
                </option>
              ))}
          </select>
        </label>
        <label>
          <span>{t('consortiumReports:editor.kpi')}</span>
          <select value={kpi} onChange={(e) => setKpi(e.target.value as TargetKpi)}>
            {TARGET_KPIS.map((k) => (
              <option key={k} value={k}>
                {t(`consortiumReports:kpi.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('consortiumReports:editor.from')}</span>
          <select value={from} onChange={(e) => setFrom(Number(e.target.value))}>
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('consortiumReports:editor.to')}</span>
          <select value={to} onChange={(e) => setTo(Number(e.target.value))}>
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('consortiumReports:editor.value')}</span>
          <input
            inputMode="numeric"
            value={value}
            onChange={(e) => setValue(e.target.value)}
            aria-describedby={`${ids}-value-hint`}
          />
          <small id={`${ids}-value-hint`} className="muted">
            {t('consortiumReports:editor.valueHint')}
          </small>
        </label>
        <label className="consortium-note">
          <span>{t('consortiumReports:editor.note')}</span>
          <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} />
        </label>
        <div className="consortium-actions">
          <button type="submit" className="primary" disabled={busy}>
            {t('consortiumReports:editor.save')}
          </button>
        </div>
        <p
          className={`consortium-message${message?.error ? ' error' : ''}`}
          data-testid="target-message"
          role={message?.error ? 'alert' : 'status'}
        >
          {message?.text ?? ''}
        </p>
      </form>

      <h3>{t('consortiumReports:editor.history')}</h3>
      {history.length === 0 ? (
        <p className="muted">{t('consortiumReports:editor.noHistory')}</p>
      ) : (
        <div className="consortium-scroll">
          <table className="consortium-table consortium-history" data-testid="target-history">
            <caption>{t('consortiumReports:editor.historyCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('consortiumReports:editor.when')}</th>
                <th scope="col">{t('consortiumReports:editor.scope')}</th>
                <th scope="col">{t('consortiumReports:editor.kpi')}</th>
                <th scope="col">{t('consortiumReports:editor.span')}</th>
                <th scope="col">{t('consortiumReports:editor.value')}</th>
                <th scope="col">{t('consortiumReports:editor.who')}</th>
                <th scope="col">{t('consortiumReports:editor.note')}</th>
              </tr>
            </thead>
            <tbody>
              {history.map((h) => (
                <tr key={h.id}>
                  <td>{formatInstant(h.setAt, locale)}</td>
                  <td>{h.townName ?? t('consortiumReports:consortiumScope')}</td>
                  <td>{t(`consortiumReports:kpi.${h.kpi}`)}</td>
                  <td>
                    {h.fiscalYearFrom === h.fiscalYearTo
                      ? t('consortiumReports:targetYear', { from: h.fiscalYearFrom })
                      : t('consortiumReports:targetSpan', { from: h.fiscalYearFrom, to: h.fiscalYearTo })}
                  </td>
                  <td>
                    {h.value === null
                      ? t('consortiumReports:editor.withdrawn')
                      : t(`consortiumReports:unit.${h.kpi}`, { value: fmt(h.value) })}
                  </td>
                  <td>{h.setByName}</td>
                  <td>{h.note}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
