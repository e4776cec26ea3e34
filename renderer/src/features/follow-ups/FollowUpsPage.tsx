import { useId, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { japanDate } from '../../../../shared/domain/dates.ts';
import { FOLLOW_UP_SCOPES, type FollowUpScope } from '../../../../shared/ipc/views.ts';
import { useT } from '../../i18n/use-t.ts';
import { errorText } from '../../lib/error-text.ts';
import { formatDateWithYear } from '../../lib/format.ts';
import { useCall } from '../../lib/use-call.ts';
import { useCloseFollowUp } from './use-close-follow-up.ts';
import './follow-ups.css';

function scopeOf(value: string | null): FollowUpScope {
  return FOLLOW_UP_SCOPES.find((s) => s === value) ?? 'due';
}

/** 要フォロー: every open follow-up of the town, filtered, each closable (with undo). */
export function FollowUpsPage() {
  const { t, i18n } = useT();
  const id = useId();
  // Taken from the link that opened the page (今日's 「ほか…件」), then kept here: the choice must show
  // at once when clicked, not after a navigation.
  const [params] = useSearchParams();
  const [scope, setScope] = useState<FollowUpScope>(() => scopeOf(params.get('scope')));
  const [mine, setMine] = useState(() => params.get('mine') === '1');
  const today = japanDate(new Date());
  const list = useCall('checkins.followUps', { scope, mine, today });
  const close = useCloseFollowUp();
  const [closing, setClosing] = useState<ReadonlySet<string>>(new Set());

  return (
    <section className="page follow-ups-page" aria-labelledby={`${id}-title`}>
      <div className="page-head">
        <h1 id={`${id}-title`}>{t('today:followUp.title')}</h1>
        <Link to="/today">{t('today:followUp.backToToday')}</Link>
      </div>
      <div className="follow-up-filters">
        <fieldset className="choice-row">
          <legend>{t('today:followUp.scope')}</legend>
          {FOLLOW_UP_SCOPES.map((s) => (
            <label key={s} className="radio">
              <input type="radio" name={`${id}-scope`} checked={scope === s} onChange={() => setScope(s)} />
              {t(`today:followUp.scopes.${s}`)}
            </label>
          ))}
        </fieldset>
        <label className="check">
          <input type="checkbox" checked={mine} onChange={(e) => setMine(e.target.checked)} />
          {t('today:followUp.mine')}
        </label>
      </div>
      {list.error ? <p className="form-error">{errorText(t, list.error)}</p> : null}
      {list.data ? (
        <p className="muted" role="status">
          {t('today:followUp.count', { count: list.data.length })}
        </p>
      ) : null}
      {list.data && list.data.length > 0 ? (
        <table className="follow-up-table">
          <thead>
            <tr>
              <th scope="col">{t('today:followUp.on')}</th>
              <th scope="col">{t('today:followUp.family')}</th>
              <th scope="col">{t('today:followUp.condition')}</th>
              <th scope="col">{t('today:followUp.note')}</th>
              <th scope="col">{t('today:followUp.recorded')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('today:followUp.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.data.map((f) => (
              <tr key={f.checkinId} data-checkin-id={f.checkinId}>
                <td className="nowrap">
                  {formatDateWithYear(f.followUpOn, i18n.language)}
                  {f.followUpOn < today ? (
                    <span className="badge overdue">{t('today:followUp.overdue')}</span>
                  ) : null}
                </td>
                <td>
                  <Link to={`/families/${f.familyId}`}>{f.familyName}</Link>
                </td>
                <td>
                  <span className={`badge ${f.condition}`}>{t(`enums.condition.${f.condition}`)}</span>
                </td>
                <td className="note-cell">{f.note ?? ''}</td>
                <td className="nowrap">
                  {formatDateWithYear(f.checkinDate, i18n.language)}
                  <span className="sub">{f.authorName ?? t('today:unknownAuthor')}</span>
                </td>
                <td>
                  <button
                    type="button"
                    className="small close-follow-up"
                    aria-disabled={closing.has(f.checkinId) || undefined}
                    onClick={async () => {
                      if (closing.has(f.checkinId)) return;
                      setClosing((c) => new Set(c).add(f.checkinId));
                      await close(f.checkinId, f.familyName);
                      setClosing((c) => {
                        const next = new Set(c);
                        next.delete(f.checkinId);
                        return next;
                      });
                    }}
                  >
                    <span className="visually-hidden">{t('today:forFamily', { family: f.familyName })}</span>
                    {t('today:followUp.close')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
