import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { japanDate } from '../../../../shared/domain/dates.ts';
import type { CoefficientHistory } from '../../../../shared/ipc/views/reports.ts';
import { useProfile } from '../../app/profile-context.ts';
import { type MessageKey, useT } from '../../i18n/use-t.ts';
import { ApiError, call } from '../../lib/api.ts';
import { errorText } from '../../lib/error-text.ts';
import { formatDateWithYear, formatWareki } from '../../lib/format.ts';
import { DateInput } from '../../lib/forms/DateInput.tsx';
import { Field } from '../../lib/forms/Field.tsx';
import { useCall } from '../../lib/use-call.ts';
import { type CoefficientDraft, type CoefficientErrors, checkCoefficients } from './coefficient-draft.ts';
import { formatFigure } from './report-format.ts';
import './reports.css';

const EMPTY: CoefficientDraft = { effectiveFrom: null, dateError: null, spend: '', multiplier: '', note: '' };

/** The version in force today: the newest effective date on or before today that is not superseded. */
function currentVersion(history: CoefficientHistory, today: string) {
  return history.versions.find((v) => !v.superseded && v.effectiveFrom <= today) ?? null;
}

/**
 * 係数: the town's ripple coefficients now, every version set (who, when, from which night), and for
 * town and consortium administrators a form to set a new version. Other roles read only.
 */
export function CoefficientsPage() {
  const { t, i18n } = useT();
  const lang = i18n.language;
  const { profile } = useProfile();
  const history = useCall('reports.coefficients', {});
  const [draft, setDraft] = useState<CoefficientDraft>(EMPTY);
  const [errors, setErrors] = useState<CoefficientErrors>({});
  const [saveError, setSaveError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const today = japanDate(new Date());
  const current = history.data ? currentVersion(history.data, today) : null;
  const date = (d: string) =>
    `${formatDateWithYear(d, lang)}${lang === 'ja' ? `（${formatWareki(d)}）` : ''}`;
  const instant = (s: string) =>
    new Intl.DateTimeFormat(lang === 'ja' ? 'ja-JP' : 'en-GB', {
      timeZone: 'Asia/Tokyo',
      dateStyle: 'medium',
      timeStyle: 'short',
    }).format(new Date(s));
  const err = (k: keyof CoefficientErrors) => (errors[k] ? t(errors[k] as MessageKey) : null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setSaved(null);
    setSaveError(null);
    const checked = checkCoefficients(draft);
    setErrors(checked.errors);
    if (!checked.input) return;
    setBusy(true);
    try {
      await call('reports.setCoefficients', checked.input);
      setSaved(t('reports:coef.saved', { date: date(checked.input.effectiveFrom) }));
      setDraft(EMPTY);
      history.reload();
    } catch (e) {
      setSaveError(
        errorText(t, e instanceof ApiError ? e : new ApiError({ code: 'INTERNAL', message: String(e) })),
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="page reports-page coefficients-page">
      <div className="page-head">
        <h1>{t('reports:coef.title')}</h1>
        <Link className="button" to="/reports">
          {t('reports:drill.back')}
        </Link>
      </div>
      <p className="muted lead">{t('reports:coef.lead')}</p>
      {history.error ? <p className="form-error">{errorText(t, history.error)}</p> : null}
      {!history.data && !history.error ? <p role="status">{t('app.loading')}</p> : null}
      {history.data ? (
        <>
          <section className="report-section" aria-labelledby="coef-current">
            <h2 id="coef-current">{t('reports:coef.current')}</h2>
            {current ? (
              <dl className="coef-current" data-testid="coef-current">
                <div>
                  <dt>{t('reports:coef.spend')}</dt>
                  <dd>{formatFigure(t, current.spendPerPersonNightYen, 'yen', lang)}</dd>
                </div>
                <div>
                  <dt>{t('reports:coef.multiplier')}</dt>
                  <dd>×{current.rippleMultiplier}</dd>
                </div>
                <div>
                  <dt>{t('reports:coef.effectiveFrom')}</dt>
                  <dd>{date(current.effectiveFrom)}</dd>
                </div>
              </dl>
            ) : (
              <p>{t('reports:coef.none')}</p>
            )}
          </section>
          <section className="report-section" aria-labelledby="coef-history">
            <h2 id="coef-history">{t('reports:coef.history')}</h2>
            {history.data.versions.length === 0 ? (
              <p>{t('reports:coef.none')}</p>
            ) : (
              <table className="report-table coef-history">
                <caption className="visually-hidden">{t('reports:coef.history')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('reports:coef.effectiveFrom')}</th>
                    <th scope="col">{t('reports:coef.spend')}</th>
                    <th scope="col">{t('reports:coef.multiplier')}</th>
                    <th scope="col">{t('reports:coef.setBy')}</th>
                    <th scope="col">{t('reports:coef.setAt')}</th>
                    <th scope="col">{t('reports:coef.note')}</th>
                  </tr>
                </thead>
                <tbody>
                  {history.data.versions.map((v) => (
                    <tr key={v.id} className={v.superseded ? 'superseded' : undefined}>
                      <th scope="row">
                        {date(v.effectiveFrom)}
                        {v.superseded ? <span className="badge">{t('reports:coef.superseded')}</span> : null}
                      </th>
                      <td>{formatFigure(t, v.spendPerPersonNightYen, 'yen', lang)}</td>
                      <td>×{v.rippleMultiplier}</td>
                      <td title={v.setBy}>
                        {v.setBy === profile.id
                          ? profile.displayName
                          : t('reports:coef.otherStaff', { id: v.setBy.slice(-8) })}
                      </td>
                      <td>{instant(v.setAt)}</td>
                      <td>{v.note ?? ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
          {history.data.canEdit ? (
            <form
              className="report-section coef-form"
              onSubmit={submit}
              noValidate
              aria-labelledby="coef-new"
            >
              <h2 id="coef-new">{t('reports:coef.newTitle')}</h2>
              <Field label={t('reports:coef.effectiveFrom')} error={err('effectiveFrom')} required>
                <DateInput
                  value={draft.effectiveFrom}
                  onChange={({ date: d, error }) =>
                    setDraft((x) => ({ ...x, effectiveFrom: d, dateError: error }))
                  }
                />
              </Field>
              <Field label={t('reports:coef.spend')} error={err('spend')} required>
                <input
                  inputMode="numeric"
                  value={draft.spend}
                  onChange={(e) => setDraft((x) => ({ ...x, spend: e.target.value }))}
                />
              </Field>
              <Field label={t('reports:coef.multiplier')} error={err('multiplier')} required>
                <input
                  inputMode="decimal"
                  value={draft.multiplier}
                  onChange={(e) => setDraft((x) => ({ ...x, multiplier: e.target.value }))}
                />
              </Field>
              <Field label={t('reports:coef.note')}>
                <input
                  value={draft.note}
                  maxLength={500}
                  onChange={(e) => setDraft((x) => ({ ...x, note: e.target.value }))}
                />
              </Field>
              {saveError ? (
                <p className="form-error" role="alert">
                  {saveError}
                </p>
              ) : null}
              <p className="status-line" role="status">
                {saved ?? ''}
              </p>
              <button type="submit" className="primary" disabled={busy}>
                {t('reports:coef.save')}
              </button>
            </form>
          ) : (
            <p className="read-only-note" role="note">
              {t('reports:coef.readOnly')}
            </p>
          )}
        </>
      ) : null}
    </section>
  );
}
