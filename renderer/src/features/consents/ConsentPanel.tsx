import { useId, useRef, useState } from 'react';
import { ATTACHMENT_ACCEPT, MAX_ATTACHMENT_BYTES } from '../../../../shared/domain/attachments.ts';
import type { ConsentView } from '../../../../shared/ipc/views.ts';
import { useProfile } from '../../app/profile-context.ts';
import { useT } from '../../i18n/use-t.ts';
import { ApiError, call } from '../../lib/api.ts';
import { errorText } from '../../lib/error-text.ts';
import { formatDateLong } from '../../lib/format.ts';
import { ConfirmDialog } from '../../lib/forms/ConfirmDialog.tsx';
import { DateInput } from '../../lib/forms/DateInput.tsx';
import { Field } from '../../lib/forms/Field.tsx';
import type { DateValue, FieldErrors } from '../../lib/forms/form-model.ts';
import { hasErrors, serverErrors } from '../../lib/forms/form-model.ts';
import { useToast } from '../../lib/forms/toast.tsx';
import { useCall } from '../../lib/use-call.ts';
import { ConsentForm } from './ConsentForm.tsx';
import { type ConsentDraft, checkWithdrawal, draftFromConsent, newConsent } from './consent-draft.ts';
import { ListingSheetPrint } from './ListingSheetPrint.tsx';
import './consents.css';

/**
 * 所有者の同意 of one property: which purposes are valid today, each consent with its state, a form
 * to record or correct one, withdrawal with its day, the scanned 同意書, and the listing sheet print.
 */
export function ConsentPanel({ propertyId }: { propertyId: string }) {
  const { t, i18n } = useT();
  const { profile } = useProfile();
  const canRecord = profile.role === 'coordinator' || profile.role === 'town_admin';
  const list = useCall('consents.list', { propertyId });
  const [editing, setEditing] = useState<ConsentDraft | null>(null);
  const [withdrawing, setWithdrawing] = useState<ConsentView | null>(null);
  const headingId = useId();
  const date = (d: string) => formatDateLong(d, i18n.language);

  if (list.error) {
    return (
      <section className="consent-panel" aria-labelledby={headingId}>
        <h2 id={headingId}>{t('consents:panel.title')}</h2>
        <p role="alert">{errorText(t, list.error)}</p>
      </section>
    );
  }
  const data = list.data;
  const done = () => {
    setEditing(null);
    list.reload();
  };

  return (
    <section className="consent-panel" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('consents:panel.title')}</h2>
      {data ? (
        <>
          <h3 className="consent-subtitle">{t('consents:panel.validToday')}</h3>
          <ul className="consent-badges">
            {data.today.map((p) => (
              <li key={p.purpose} className={p.consentId ? 'consent-badge valid' : 'consent-badge none'}>
                <span aria-hidden="true">{p.consentId ? '✓' : '—'}</span>{' '}
                {t(p.consentId ? 'consents:panel.validBadge' : 'consents:panel.invalidBadge', {
                  purpose: t(`consents:purpose.${p.purpose}`),
                })}
                {p.consentId ? (
                  <span className="badge-until">
                    {p.expiresOn
                      ? t('consents:panel.validUntil', { date: date(p.expiresOn) })
                      : t('consents:panel.noExpiry')}
                  </span>
                ) : null}
              </li>
            ))}
          </ul>

          <h3 className="consent-subtitle">{t('consents:panel.listTitle')}</h3>
          {data.consents.length === 0 ? <p className="consent-empty">{t('consents:panel.empty')}</p> : null}
          <ul className="consent-list">
            {data.consents.map((c) => (
              <ConsentItem
                key={c.id}
                consent={c}
                canRecord={canRecord}
                onEdit={() => setEditing(draftFromConsent(c))}
                onWithdraw={() => setWithdrawing(c)}
                onChanged={list.reload}
              />
            ))}
          </ul>

          {canRecord ? (
            editing ? (
              <ConsentForm key={editing.id ?? 'new'} start={editing} onDone={done} />
            ) : (
              <button
                type="button"
                className="primary"
                onClick={() => setEditing(newConsent(propertyId, data.day))}
              >
                {t('consents:panel.add')}
              </button>
            )
          ) : (
            <p className="consent-readonly">{t('consents:panel.readOnly')}</p>
          )}

          <ListingSheetPrint
            propertyId={propertyId}
            canPrint={data.today.some((p) => p.purpose === 'bank_listing' && p.consentId)}
          />
        </>
      ) : null}
      {withdrawing && data ? (
        <WithdrawDialog
          consent={withdrawing}
          today={data.day}
          onClose={() => {
            setWithdrawing(null);
            list.reload();
          }}
        />
      ) : null}
    </section>
  );
}

function ConsentItem({
  consent: c,
  canRecord,
  onEdit,
  onWithdraw,
  onChanged,
}: {
  consent: ConsentView;
  canRecord: boolean;
  onEdit: () => void;
  onWithdraw: () => void;
  onChanged: () => void;
}) {
  const { t, i18n } = useT();
  const toast = useToast();
  const file = useRef<HTMLInputElement>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const date = (d: string) => formatDateLong(d, i18n.language);
  const purpose = t(`consents:purpose.${c.purpose}`);

  const attach = async (picked: File | undefined) => {
    if (!picked) return;
    setProblem(null);
    try {
      if (picked.size > MAX_ATTACHMENT_BYTES)
        throw new ApiError({ code: 'ATTACHMENT_TOO_LARGE', message: '' });
      const bytes = new Uint8Array(await picked.arrayBuffer());
      await call('consents.attachScan', { consentId: c.id, bytes, fileName: picked.name });
      toast({ message: t('consents:item.scanAttached', { file: picked.name }) });
      onChanged();
    } catch (err) {
      setProblem(errorText(t, err));
    } finally {
      if (file.current) file.current.value = '';
    }
  };

  const openScan = async (attachmentId: string, fileName: string | null) => {
    try {
      const { bytes, mimeType } = await call('attachments.open', { id: attachmentId, variant: 'original' });
      const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: mimeType }));
      const a = document.createElement('a');
      a.href = url;
      a.download = fileName ?? 'consent';
      a.hidden = true;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (err) {
      setProblem(errorText(t, err));
    }
  };

  return (
    <li
      className={`consent-item state-${c.state}`}
      aria-label={`${purpose}（${t(`consents:state.${c.state}`)}）`}
    >
      <div className="consent-head">
        <strong>{purpose}</strong>
        <span className={`state-chip state-${c.state}`}>{t(`consents:state.${c.state}`)}</span>
      </div>
      <p>{t('consents:item.recipient', { recipient: c.recipient })}</p>
      <p>
        {t('consents:item.period', {
          from: date(c.givenOn),
          to: c.expiresOn ? date(c.expiresOn) : t('consents:panel.noExpiry'),
        })}
        {c.withdrawnOn ? `　${t('consents:item.withdrawnOn', { date: date(c.withdrawnOn) })}` : ''}
      </p>
      <p>
        {t('consents:item.scope', {
          scope: c.scope.map((s) => t(`consents:scope.${s}`)).join('・'),
        })}
      </p>
      {c.notes ? <p className="consent-notes">{c.notes}</p> : null}
      <div className="consent-scans">
        {c.scans.length === 0 ? <span className="muted">{t('consents:item.noScan')}</span> : null}
        {c.scans.map((s) => (
          <button
            key={s.attachmentId}
            type="button"
            className="link-button"
            onClick={() => void openScan(s.attachmentId, s.fileName)}
          >
            {t('consents:item.openScan', { file: s.fileName ?? t('consents:item.scanUnnamed') })}
          </button>
        ))}
      </div>
      {problem ? (
        <p className="field-error" role="alert">
          {problem}
        </p>
      ) : null}
      {canRecord ? (
        <div className="consent-actions">
          <button type="button" onClick={onEdit}>
            {t('consents:item.edit')}
          </button>
          {c.withdrawnOn ? null : (
            <button type="button" className="danger" onClick={onWithdraw}>
              {t('consents:item.withdraw')}
            </button>
          )}
          <button type="button" onClick={() => file.current?.click()}>
            {t('consents:item.attachScan')}
          </button>
          <input
            ref={file}
            type="file"
            hidden
            data-testid={`consent-scan-${c.id}`}
            accept={ATTACHMENT_ACCEPT}
            onChange={(e) => void attach(e.target.files?.[0])}
          />
        </div>
      ) : null}
    </li>
  );
}

function WithdrawDialog({
  consent,
  today,
  onClose,
}: {
  consent: ConsentView;
  today: string;
  onClose: () => void;
}) {
  const { t } = useT();
  const toast = useToast();
  const [day, setDay] = useState<DateValue>({ date: today, error: null });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);

  const confirm = async () => {
    const found = checkWithdrawal(consent, day);
    setErrors(found);
    if (hasErrors(found) || busy) return;
    setBusy(true);
    try {
      await call('consents.withdraw', { id: consent.id, withdrawnOn: day.date ?? '' });
      toast({ message: t('consents:withdraw.done') });
      onClose();
    } catch (err) {
      setErrors(serverErrors(err, (path) => (path === 'withdrawnOn' ? path : null)));
    } finally {
      setBusy(false);
    }
  };
  const fieldError = errors.withdrawnOn ? t(errors.withdrawnOn) : undefined;

  return (
    <ConfirmDialog
      open
      danger
      title={t('consents:withdraw.title')}
      confirmLabel={t('consents:withdraw.confirm')}
      confirmDisabled={busy}
      onConfirm={() => void confirm()}
      onCancel={onClose}
    >
      <p>
        {t('consents:withdraw.lead', {
          purpose: t(`consents:purpose.${consent.purpose}`),
          recipient: consent.recipient,
        })}
      </p>
      {errors.form ? (
        <p className="form-error" role="alert">
          {t(errors.form)}
        </p>
      ) : null}
      <Field label={t('consents:withdraw.date')} error={fieldError} required>
        <DateInput value={day.date} onChange={(v) => setDay(v)} />
      </Field>
    </ConfirmDialog>
  );
}
