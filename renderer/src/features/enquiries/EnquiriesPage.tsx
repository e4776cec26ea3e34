import { useEffect, useId, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { japanDate } from '../../../../shared/domain/dates.ts';
import { ENQUIRY_OUTCOMES, type EnquiryOutcome } from '../../../../shared/domain/enums.ts';
import { useT } from '../../i18n/use-t.ts';
import { errorText } from '../../lib/error-text.ts';
import { useCall } from '../../lib/use-call.ts';
import { EnquiryForm } from './EnquiryForm.tsx';
import { EnquiryList, nextActionDue } from './EnquiryList.tsx';
import { draftFromEnquiry, type EnquiryDraft, newEnquiry } from './enquiry-draft.ts';
import './enquiries.css';

/** 相談・問い合わせ: the list by outcome beside the form to log (or edit) one. */
export function EnquiriesPage() {
  const { t } = useT();
  const id = useId();
  const [outcome, setOutcome] = useState<EnquiryOutcome | ''>('open');
  const list = useCall('enquiries.list', outcome ? { outcome } : {});
  const [editing, setEditing] = useState<EnquiryDraft>(() => newEnquiry(japanDate(new Date())));
  // Counts the forms started, so that a new one after a save starts empty even though its id is null too.
  const [round, setRound] = useState(0);
  const startForm = (draft: EnquiryDraft) => {
    setEditing(draft);
    setRound((n) => n + 1);
  };
  const today = japanDate(new Date());
  // What needs an answer today or is late comes first; the rest stays newest first.
  const shown = useMemo(
    () =>
      [...(list.data ?? [])].sort((a, b) => {
        const da = nextActionDue(a, today) ? 0 : 1;
        const db = nextActionDue(b, today) ? 0 : 1;
        return da - db || (da === 0 ? (a.nextActionOn ?? '').localeCompare(b.nextActionOn ?? '') : 0);
      }),
    [list.data, today],
  );
  // Arriving from an enquiry named on 今日: open it in the form, once.
  const [params, setParams] = useSearchParams();
  const focus = params.get('focus');
  useEffect(() => {
    const target = focus ? list.data?.find((e) => e.id === focus) : undefined;
    if (!target) return;
    setEditing(draftFromEnquiry(target));
    setRound((n) => n + 1);
    setParams({}, { replace: true });
  }, [focus, list.data, setParams]);

  return (
    <section className="page enquiries">
      <div className="page-head">
        <h1>{t('enquiries:title')}</h1>
        <Link to="/families">{t('enquiries:toFamilies')}</Link>
      </div>
      <p className="muted lead">{t('enquiries:lead')}</p>
      <div className="enquiry-columns">
        <div>
          <div className="inline list-tools">
            <label htmlFor={`${id}-outcome`}>{t('enquiries:filter')}</label>
            <select
              id={`${id}-outcome`}
              value={outcome}
              onChange={(e) => setOutcome(e.target.value as EnquiryOutcome | '')}
            >
              <option value="">{t('enquiries:all')}</option>
              {ENQUIRY_OUTCOMES.map((o) => (
                <option key={o} value={o}>
                  {t(`enums.enquiryOutcome.${o}`)}
                </option>
              ))}
            </select>
            <span className="muted" role="status">
              {list.data ? t('enquiries:count', { count: list.data.length }) : t('app.loading')}
            </span>
          </div>
          {list.error ? <p className="form-error">{errorText(t, list.error)}</p> : null}
          {list.data?.length === 0 ? <p className="empty-state">{t('enquiries:empty')}</p> : null}
          {list.data && list.data.length > 0 ? (
            <EnquiryList enquiries={shown} today={today} onEdit={(e) => startForm(draftFromEnquiry(e))} />
          ) : null}
        </div>
        <div className="card enquiry-form-card">
          <EnquiryForm
            key={round}
            start={editing}
            onDone={() => startForm(newEnquiry(japanDate(new Date())))}
          />
        </div>
      </div>
    </section>
  );
}
