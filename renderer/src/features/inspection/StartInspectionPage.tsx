import { type FormEvent, useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { japanDate } from '../../../../shared/domain/dates.ts';
import { useProfile } from '../../app/profile-context.ts';
import { useT } from '../../i18n/use-t.ts';
import { call } from '../../lib/api.ts';
import { errorText } from '../../lib/error-text.ts';
import { formatDateWithYear } from '../../lib/format.ts';
import { Field } from '../../lib/forms/Field.tsx';
import { useCall } from '../../lib/use-call.ts';
import { bilingual } from './checklist-text.ts';
import './inspection.css';

const WEATHER = ['sunny', 'cloudy', 'rain', 'snow'] as const;

/**
 * Starting an inspection of a property: the day (today), the weather, the surveyor (the profile's
 * name), the checklist in effect that day and the town's rules if any. Then straight to the items.
 */
export function StartInspectionPage() {
  const { t, i18n } = useT();
  const lang = i18n.language;
  const navigate = useNavigate();
  const { profile } = useProfile();
  const { propertyId = '' } = useParams();
  const property = useCall('properties.get', { id: propertyId });
  const [day, setDay] = useState(() => japanDate(new Date()));
  const validDay = /^\d{4}-\d{2}-\d{2}$/.test(day);
  const options = useCall('inspections.checklists', { day: validDay ? day : japanDate(new Date()) });
  const [weather, setWeather] = useState('');
  const [surveyor, setSurveyor] = useState(profile.displayName);
  const [templateId, setTemplateId] = useState<string | null>(null);
  const [townRulesId, setTownRulesId] = useState('');
  const [entry, setEntry] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const list = options.data ?? [];
  const chosen = list.find((o) => o.id === templateId) ?? null;
  // The first checklist until the surveyor picks one; town rules only when made for the choice.
  useEffect(() => {
    if (templateId === null && list[0]) setTemplateId(list[0].id);
  }, [templateId, list]);
  useEffect(() => {
    if (townRulesId && !chosen?.townRules.some((r) => r.id === townRulesId)) setTownRulesId('');
  }, [chosen, townRulesId]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!chosen || busy) return;
    setBusy(true);
    setError(null);
    try {
      const started = await call('inspections.start', {
        propertyId,
        templateId: chosen.id,
        templateVersion: chosen.version,
        ...(townRulesId ? { townRulesId } : {}),
        inspectedOn: day,
        weather: weather.trim() === '' ? null : weather.trim(),
        surveyorName: surveyor.trim() === '' ? null : surveyor.trim(),
        entryPermitted: entry,
      });
      navigate(`/inspections/${started.id}`, { replace: true });
    } catch (err) {
      setError(errorText(t, err));
      setBusy(false);
    }
  };

  const p = property.data;
  const place = p ? [p.refNumber, p.address ?? p.lotNumber].filter(Boolean).join(' ') : '';
  return (
    <section className="page insp-start-page" aria-labelledby="insp-start-h1">
      <p className="insp-breadcrumb">
        <Link to={`/akiya/${propertyId}`}>{t('inspection:start.back')}</Link>
      </p>
      <h1 id="insp-start-h1">{t('inspection:start.title')}</h1>
      {property.error ? <p role="alert">{errorText(t, property.error)}</p> : null}
      <p className="insp-meta" data-testid="start-property">
        {place}
      </p>
      <form className="insp-form" onSubmit={submit} noValidate>
        {error ? (
          <p role="alert" className="insp-save failed">
            {error}
          </p>
        ) : null}
        <Field
          label={t('inspection:start.date')}
          hint={validDay ? formatDateWithYear(day, lang) : undefined}
          error={validDay ? null : t('validation.date')}
        >
          <input type="date" value={day} required onChange={(e) => setDay(e.target.value)} />
        </Field>
        <Field label={t('inspection:start.weather')} hint={t('inspection:start.weatherHint')}>
          <input
            value={weather}
            onChange={(e) => setWeather(e.target.value)}
            list="insp-weather"
            maxLength={100}
            autoComplete="off"
          />
        </Field>
        <datalist id="insp-weather">
          {WEATHER.map((w) => (
            <option key={w} value={t(`inspection:start.weatherOptions.${w}`)} />
          ))}
        </datalist>
        <Field label={t('inspection:start.surveyor')} hint={t('inspection:start.surveyorHint')}>
          <input value={surveyor} onChange={(e) => setSurveyor(e.target.value)} maxLength={200} />
        </Field>
        <fieldset>
          <legend>{t('inspection:start.checklist')}</legend>
          {options.data && list.length === 0 ? (
            <p className="muted">{t('inspection:start.noChecklist')}</p>
          ) : null}
          {list.map((o) => (
            <label key={o.id} className="insp-option">
              <input
                type="radio"
                name="checklist"
                value={o.id}
                checked={templateId === o.id}
                onChange={() => setTemplateId(o.id)}
              />
              <span>
                <strong>{bilingual(o.title, lang)}</strong>
                <br />
                <span className="muted">
                  {t('inspection:start.checklistItems', {
                    count: o.items,
                    version: o.version,
                    from: formatDateWithYear(o.effectiveFrom, lang),
                  })}
                </span>
              </span>
            </label>
          ))}
        </fieldset>
        {chosen && chosen.townRules.length > 0 ? (
          <Field label={t('inspection:start.townRules')}>
            <select value={townRulesId} onChange={(e) => setTownRulesId(e.target.value)}>
              <option value="">{t('inspection:start.townRulesNone')}</option>
              {chosen.townRules.map((r) => (
                <option key={r.id} value={r.id}>
                  {bilingual(r.title, lang)}
                </option>
              ))}
            </select>
          </Field>
        ) : null}
        <label className="insp-option">
          <input type="checkbox" checked={entry} onChange={(e) => setEntry(e.target.checked)} />
          <span>{t('inspection:start.entry')}</span>
        </label>
        <div className="insp-form-actions">
          <button type="submit" className="primary" disabled={busy || !chosen || !validDay}>
            {busy ? t('inspection:start.starting') : t('inspection:start.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
