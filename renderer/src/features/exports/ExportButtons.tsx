import { useEffect, useRef, useState } from 'react';
import { canSeeSensitive } from '../../../../shared/domain/permissions.ts';
import type { ChannelInput } from '../../../../shared/ipc/contract.ts';
import type { ExportFormat, ExportKind } from '../../../../shared/ipc/views/exports.ts';
import { useProfile } from '../../app/profile-context.ts';
import { useT } from '../../i18n/use-t.ts';
import { ApiError, call } from '../../lib/api.ts';
import { errorText } from '../../lib/error-text.ts';
import './exports.css';

type SaveInput = ChannelInput<'exports.save'>;
type WithoutJob<T> = T extends unknown ? Omit<T, 'jobId' | 'format' | 'owners'> : never;

/** One table a page offers: its kind and the filters the page shows (as the list call takes them). */
export type ExportTarget = WithoutJob<SaveInput>;

/**
 * The Excel / CSV buttons of a list page (docs/exports.md): exports what the page's filters show,
 * shows the rows written while a large file is built and can stop it, then the save dialog. Pages
 * (and the reports dashboard) mount it with the tables they offer; with several, a choice comes first.
 */
export function ExportButtons({ targets }: { targets: readonly ExportTarget[] }) {
  const { t } = useT();
  const { profile } = useProfile();
  const [kind, setKind] = useState<ExportKind | undefined>(targets[0]?.kind);
  const [owners, setOwners] = useState(false);
  const [job, setJob] = useState<string | null>(null);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [message, setMessage] = useState('');
  const jobRef = useRef<string | null>(null);
  useEffect(() => {
    if (!job) return;
    return window.api.subscribe('exports.progress', (event) => {
      if (event.jobId === jobRef.current) setProgress({ done: event.done, total: event.total });
    });
  }, [job]);

  const target = targets.find((x) => x.kind === kind) ?? targets[0];
  if (!target) return null;
  const what = t(`exports:kinds.${target.kind}`);
  const mayIncludeOwners = target.kind === 'akiya' && canSeeSensitive(profile.role);

  const run = async (format: ExportFormat) => {
    const jobId = crypto.randomUUID();
    jobRef.current = jobId;
    setJob(jobId);
    setProgress(null);
    setMessage('');
    try {
      const input = {
        ...target,
        jobId,
        format,
        ...(target.kind === 'akiya' && owners && mayIncludeOwners
          ? { owners: { purpose: 'bank_listing' } }
          : {}),
      } as SaveInput;
      const saved = await call('exports.save', input);
      if (!saved.saved) setMessage(t('exports:notSaved'));
      else if (saved.ownersWithheld > 0)
        setMessage(
          t('exports:savedWithheld', {
            file: saved.fileName,
            rows: saved.rows,
            withheld: saved.ownersWithheld,
          }),
        );
      else setMessage(t('exports:saved', { file: saved.fileName, rows: saved.rows }));
    } catch (e) {
      setMessage(
        e instanceof ApiError && e.code === 'EXPORT_CANCELLED' ? t('exports:cancelled') : errorText(t, e),
      );
    } finally {
      jobRef.current = null;
      setJob(null);
      setProgress(null);
    }
  };

  const cancel = () => {
    if (job) void call('exports.cancel', { jobId: job }).catch(() => undefined);
  };

  return (
    <fieldset className="export-bar">
      <legend className="export-title">{t('exports:group')}</legend>
      {targets.length > 1 ? (
        <label className="export-what">
          <span>{t('exports:what')}</span>
          <select
            value={target.kind}
            onChange={(e) => setKind(e.target.value as ExportKind)}
            disabled={job !== null}
          >
            {targets.map((x) => (
              <option key={x.kind} value={x.kind}>
                {t(`exports:kinds.${x.kind}`)}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      {mayIncludeOwners ? (
        <label className="export-owners">
          <input
            type="checkbox"
            checked={owners}
            onChange={(e) => setOwners(e.target.checked)}
            disabled={job !== null}
          />
          <span>{t('exports:owners')}</span>
        </label>
      ) : null}
      <button
        type="button"
        onClick={() => void run('xlsx')}
        disabled={job !== null}
        aria-label={t('exports:excelLabel', { what })}
        title={t('exports:filtersNote')}
      >
        {t('exports:excel')}
      </button>
      <button
        type="button"
        onClick={() => void run('csv')}
        disabled={job !== null}
        aria-label={t('exports:csvLabel', { what })}
        title={t('exports:filtersNote')}
      >
        {t('exports:csv')}
      </button>
      {job ? (
        <div className="export-progress" data-testid="export-progress">
          <progress
            max={progress?.total || 1}
            value={progress?.done ?? 0}
            aria-label={t('exports:progressLabel')}
          />
          <span role="status">
            {progress && progress.total > 0
              ? t('exports:working', {
                  done: progress.done.toLocaleString(),
                  total: progress.total.toLocaleString(),
                })
              : t('exports:preparing')}
          </span>
          <button type="button" onClick={cancel}>
            {t('exports:cancel')}
          </button>
        </div>
      ) : null}
      {message ? (
        <p className="export-message" role="status">
          {message}
        </p>
      ) : null}
    </fieldset>
  );
}
