import { useEffect, useId, useState } from 'react';
import type { AttachmentProgressView, UploadQueueView } from '../../../../shared/ipc/views.ts';
import { useT } from '../../i18n/use-t.ts';
import { call } from '../../lib/api.ts';
import { errorText } from '../../lib/error-text.ts';
import { useCall } from '../../lib/use-call.ts';
import { formatBytes, formatInstant } from '../sync/sync-format.ts';
import { uploadErrorText } from './attachment-format.ts';
import { ProgressBar } from './ProgressBar.tsx';
import { useUploadProgress } from './use-upload-progress.ts';
import './attachments.css';

/** Rows listed on the page; the totals above them count everything. */
const ROWS_SHOWN = 20;

/**
 * The photo part of 同期: what waits to go up (previews, then originals), with progress bars that
 * move as bytes go, what the metered-link setting holds back, and the setting itself.
 */
export function UploadQueueCard() {
  const { t, i18n } = useT();
  const queue = useCall('attachments.queue', {});
  const { live, settled } = useUploadProgress();
  const { reload } = queue;
  const holdId = useId();
  const [error, setError] = useState<string | null>(null);
  const [view, setView] = useState<UploadQueueView | undefined>(undefined);

  useEffect(() => {
    if (queue.data) setView(queue.data);
  }, [queue.data]);
  useEffect(() => {
    if (settled > 0) reload();
  }, [settled, reload]);
  useEffect(() => window.api.subscribe('sync.changed', () => reload()), [reload]);

  const setHold = async (hold: boolean) => {
    setError(null);
    // Shown at once; the core's answer (with what is now held) replaces it.
    setView((v) => (v ? { ...v, holdOriginals: hold } : v));
    try {
      setView(await call('attachments.holdOriginals', { hold }));
    } catch (e) {
      setError(errorText(t, e));
    }
  };

  if (!view) return null;
  const bytes = (n: number) => formatBytes(n, i18n.language);
  const sentNow = (sha256: string, listed: number) => sentOf(live.get(sha256), listed);
  const totals = (kind: 'preview' | 'original') => {
    const sum = kind === 'preview' ? view.previews : view.originals;
    // The listed bytes, moved on by the live events of items still listed.
    let sent = sum.bytesSent;
    for (const item of view.items) {
      if (item.kind === kind) sent += sentNow(item.sha256, item.bytesSent) - item.bytesSent;
    }
    return { ...sum, bytesSent: Math.min(sent, sum.bytes) };
  };
  const previews = totals('preview');
  const originals = totals('original');
  const waiting = view.previews.count + view.originals.count;
  const percent = (sent: number, total: number) => (total === 0 ? 100 : Math.floor((sent / total) * 100));

  return (
    <section className="card att-queue" aria-labelledby="att-queue-title" data-testid="upload-queue">
      <h2 id="att-queue-title">{t('attachments:queue.title')}</h2>
      <p className="muted">{t('attachments:queue.lead')}</p>
      {view.items.length === 0 ? (
        <p data-testid="upload-queue-empty">{t('attachments:queue.none')}</p>
      ) : (
        <dl className="att-queue-totals">
          {(
            [
              ['previews', previews],
              ['originals', originals],
            ] as const
          ).map(([key, sum]) =>
            sum.count === 0 ? null : (
              <div key={key} className="att-queue-total" data-testid={`upload-queue-${key}`}>
                <dt>{t(`attachments:queue.${key}`)}</dt>
                <dd>
                  <span>
                    {t('attachments:queue.summary', {
                      count: sum.count,
                      sent: bytes(sum.bytesSent),
                      total: bytes(sum.bytes),
                    })}
                  </span>
                  <ProgressBar
                    value={percent(sum.bytesSent, sum.bytes)}
                    label={t('attachments:queue.progressLabel', { what: t(`attachments:queue.${key}`) })}
                  />
                </dd>
              </div>
            ),
          )}
        </dl>
      )}
      {view.held.count > 0 ? (
        <p className="att-held" data-testid="upload-queue-held">
          {t('attachments:queue.held', { count: view.held.count, size: bytes(view.held.bytes) })}
        </p>
      ) : null}
      <div className="att-hold">
        <input
          id={holdId}
          type="checkbox"
          checked={view.holdOriginals}
          onChange={(e) => void setHold(e.currentTarget.checked)}
        />
        <label htmlFor={holdId}>{t('attachments:queue.holdOriginals')}</label>
        <p className="muted">{t('attachments:queue.holdHint')}</p>
      </div>
      {error ? <p role="alert">{error}</p> : null}
      {view.items.length > 0 ? (
        <table className="sync-table att-queue-table" data-testid="upload-queue-items">
          <caption className="visually-hidden">{t('attachments:queue.listTitle')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('attachments:queue.col.kind')}</th>
              <th scope="col">{t('attachments:queue.col.size')}</th>
              <th scope="col">{t('attachments:queue.col.state')}</th>
            </tr>
          </thead>
          <tbody>
            {view.items.slice(0, ROWS_SHOWN).map((item) => {
              const event = live.get(item.sha256);
              const state = item.state === 'held' ? 'held' : (event?.state ?? item.state);
              const sent = sentNow(item.sha256, item.bytesSent);
              const kindText = t(`attachments:queue.kind.${item.kind}`);
              return (
                <tr key={item.sha256}>
                  <td>{kindText}</td>
                  <td className="nowrap">{bytes(item.sizeBytes)}</td>
                  <td className="att-queue-state">
                    <span>
                      {state === 'held'
                        ? t('attachments:status.held')
                        : state === 'uploading'
                          ? t('attachments:status.sending', { percent: percent(sent, item.sizeBytes) })
                          : state === 'done'
                            ? t('attachments:status.sent')
                            : state === 'failed'
                              ? `${uploadErrorText(t, event?.error ?? item.errorCode ?? 'NETWORK')}${
                                  item.nextAttemptAt
                                    ? t('common.paren', {
                                        text: t('attachments:queue.retryAt', {
                                          at: formatInstant(item.nextAttemptAt, i18n.language),
                                        }),
                                      })
                                    : ''
                                }`
                              : t('attachments:status.waiting')}
                    </span>
                    {state === 'held' ? null : (
                      <ProgressBar
                        value={state === 'done' ? 100 : percent(sent, item.sizeBytes)}
                        label={t('attachments:queue.progressLabel', { what: kindText })}
                      />
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
      {waiting > ROWS_SHOWN ? (
        <p className="muted">{t('attachments:queue.more', { count: waiting - ROWS_SHOWN })}</p>
      ) : null}
    </section>
  );
}

function sentOf(event: AttachmentProgressView | undefined, listed: number): number {
  if (!event) return listed;
  return event.state === 'done' ? event.bytesTotal : Math.max(listed, event.bytesSent);
}
