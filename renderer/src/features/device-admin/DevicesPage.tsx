import { useId, useState } from 'react';
import { Link } from 'react-router';
import type { Role } from '../../../../shared/domain/enums.ts';
import type { DeviceHistoryView, DeviceRow, UnlockCodeView } from '../../../../shared/ipc/views/devices.ts';
import { useProfile } from '../../app/profile-context.ts';
import { useT } from '../../i18n/use-t.ts';
import { call } from '../../lib/api.ts';
import { errorText } from '../../lib/error-text.ts';
import { ConfirmDialog } from '../../lib/forms/ConfirmDialog.tsx';
import { useCall } from '../../lib/use-call.ts';
import { formatInstant } from '../sync/sync-format.ts';
import './device-admin.css';

/**
 * 設定 → 端末の管理 (docs/security.md): the town's laptops as the server lists them, with the time of
 * the fetch. Revoking asks first and says what will happen; an unlock code is shown in five groups of five
 * to read out; a laptop's history is fetched when asked for. Nothing here is kept on the laptop.
 */
export function DevicesPage() {
  const { t, i18n } = useT();
  const locale = i18n.language;
  const { profile } = useProfile();
  const list = useCall('devices.list', {});
  const [pending, setPending] = useState<{ device: DeviceRow; reason: 'lost' | 'retired' } | null>(null);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const [code, setCode] = useState<{ device: DeviceRow; view: UnlockCodeView } | null>(null);
  const [history, setHistory] = useState<{ device: DeviceRow; view: DeviceHistoryView } | null>(null);
  const [busy, setBusy] = useState(false);

  if (profile.role !== 'town_admin') {
    return (
      <section className="page">
        <h1>{t('deviceAdmin:title')}</h1>
        <p role="alert">{t('errors.FORBIDDEN')}</p>
      </section>
    );
  }

  const act = async (run: () => Promise<void>) => {
    setBusy(true);
    setMessage(null);
    try {
      await run();
    } catch (err) {
      setMessage({ text: errorText(t, err), error: true });
    } finally {
      setBusy(false);
    }
  };

  const revoke = () => {
    if (!pending) return;
    const { device, reason } = pending;
    setPending(null);
    void act(async () => {
      const done = await call('devices.revoke', { deviceId: device.id, reason });
      setMessage({
        text: t(done.alreadyRevoked ? 'deviceAdmin:alreadyRevoked' : 'deviceAdmin:revoked', {
          name: device.name,
        }),
        error: false,
      });
      list.reload();
    });
  };

  const issue = (device: DeviceRow) =>
    act(async () => {
      const view = await call('devices.unlockCode', { deviceId: device.id });
      setCode({ device, view });
    });

  const showHistory = (device: DeviceRow) =>
    act(async () => {
      const view = await call('devices.history', { deviceId: device.id });
      setHistory({ device, view });
    });

  const devices = list.data?.devices ?? [];
  return (
    <section className="page device-admin">
      <p>
        <Link to="/settings" className="device-admin-link">
          {t('deviceAdmin:back')}
        </Link>
      </p>
      <h1>{t('deviceAdmin:title')}</h1>
      <p className="lead">{t('deviceAdmin:lead')}</p>
      <div className="device-admin-bar">
        <button type="button" onClick={() => list.reload()} disabled={list.loading}>
          {t('deviceAdmin:reload')}
        </button>
        <span data-testid="devices-fetched" aria-live="polite">
          {list.loading
            ? t('deviceAdmin:loading')
            : list.data
              ? t('deviceAdmin:fetchedAt', { at: formatInstant(list.data.fetchedAt, locale) })
              : ''}
        </span>
      </div>
      {list.error && !list.loading ? (
        <p role="alert" className="error" data-testid="devices-error">
          {errorText(t, list.error)}
        </p>
      ) : null}
      {message ? (
        <p role={message.error ? 'alert' : 'status'} className={message.error ? 'error' : 'muted'}>
          {message.text}
        </p>
      ) : null}

      {code ? <CodePanel device={code.device} view={code.view} onClose={() => setCode(null)} /> : null}

      {list.data && !list.error ? (
        devices.length === 0 ? (
          <p className="muted">{t('deviceAdmin:empty')}</p>
        ) : (
          <div className="device-admin-table-wrap">
            <table className="device-admin-table" data-testid="devices-table">
              <caption>{t('deviceAdmin:caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('deviceAdmin:col.name')}</th>
                  <th scope="col">{t('deviceAdmin:col.user')}</th>
                  <th scope="col">{t('deviceAdmin:col.role')}</th>
                  <th scope="col">{t('deviceAdmin:col.lastContact')}</th>
                  <th scope="col">{t('deviceAdmin:col.state')}</th>
                  <th scope="col">{t('deviceAdmin:col.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {devices.map((d) => (
                  <DeviceLine
                    key={d.id}
                    device={d}
                    busy={busy}
                    onRevoke={(reason) => setPending({ device: d, reason })}
                    onCode={() => void issue(d)}
                    onHistory={() => void showHistory(d)}
                  />
                ))}
              </tbody>
            </table>
          </div>
        )
      ) : null}

      {history ? (
        <HistoryPanel device={history.device} view={history.view} onClose={() => setHistory(null)} />
      ) : null}

      <ConfirmDialog
        open={pending !== null}
        title={
          pending
            ? t(
                pending.reason === 'lost'
                  ? 'deviceAdmin:confirm.lostTitle'
                  : 'deviceAdmin:confirm.retiredTitle',
                {
                  name: pending.device.name,
                },
              )
            : ''
        }
        confirmLabel={
          pending?.reason === 'retired'
            ? t('deviceAdmin:confirm.retiredButton')
            : t('deviceAdmin:confirm.lostButton')
        }
        danger
        onConfirm={revoke}
        onCancel={() => setPending(null)}
      >
        {pending ? (
          <p>
            {t(
              pending.reason === 'lost' ? 'deviceAdmin:confirm.lostBody' : 'deviceAdmin:confirm.retiredBody',
              {
                user: pending.device.user,
              },
            )}
          </p>
        ) : null}
      </ConfirmDialog>
    </section>
  );
}

function DeviceLine({
  device,
  busy,
  onRevoke,
  onCode,
  onHistory,
}: {
  device: DeviceRow;
  busy: boolean;
  onRevoke: (reason: 'lost' | 'retired') => void;
  onCode: () => void;
  onHistory: () => void;
}) {
  const { t, i18n } = useT();
  const nameId = useId();
  const active = device.state === 'active';
  return (
    <tr data-device-id={device.id}>
      <th scope="row" id={nameId}>
        {device.name}
        {device.self ? <span className="badge">{t('deviceAdmin:thisLaptop')}</span> : null}
      </th>
      <td>{device.user}</td>
      <td>{t(`roles.${device.role as Role}`, { defaultValue: device.role })}</td>
      <td>{device.lastSyncAt ? formatInstant(device.lastSyncAt, i18n.language) : t('deviceAdmin:never')}</td>
      <td data-testid="device-state" className={`device-state device-state-${device.state}`}>
        {t(`deviceAdmin:state.${device.state}`)}
      </td>
      <td>
        <div className="device-admin-actions">
          {active && !device.self ? (
            <>
              <button
                type="button"
                className="danger"
                disabled={busy}
                aria-describedby={nameId}
                onClick={() => onRevoke('lost')}
              >
                {t('deviceAdmin:revokeLost')}
              </button>
              <button
                type="button"
                disabled={busy}
                aria-describedby={nameId}
                onClick={() => onRevoke('retired')}
              >
                {t('deviceAdmin:revokeRetired')}
              </button>
            </>
          ) : null}
          {active ? (
            <button type="button" disabled={busy} aria-describedby={nameId} onClick={onCode}>
              {t('deviceAdmin:issueCode')}
            </button>
          ) : null}
          <button type="button" disabled={busy} aria-describedby={nameId} onClick={onHistory}>
            {t('deviceAdmin:showHistory')}
          </button>
        </div>
      </td>
    </tr>
  );
}

function CodePanel({
  device,
  view,
  onClose,
}: {
  device: DeviceRow;
  view: UnlockCodeView;
  onClose: () => void;
}) {
  const { t, i18n } = useT();
  const id = useId();
  const [copied, setCopied] = useState('');
  const groups = view.code.split('-');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(view.code);
      setCopied(t('deviceAdmin:code.copied'));
    } catch {
      setCopied(t('deviceAdmin:code.copyFailed'));
    }
  };
  return (
    <section className="card device-code" aria-labelledby={`${id}-title`} data-testid="unlock-code-panel">
      <h2 id={`${id}-title`}>{t('deviceAdmin:code.title', { name: device.name })}</h2>
      <p>{t('deviceAdmin:code.lead')}</p>
      <p className="device-code-groups" data-testid="unlock-code" data-code={view.code}>
        {groups.map((g, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a group's place is its identity.
          <span key={i} className="device-code-group" title={t('deviceAdmin:code.group', { n: i + 1 })}>
            {g}
          </span>
        ))}
      </p>
      <p>
        <strong>{t('deviceAdmin:code.expires', { at: formatInstant(view.expiresAt, i18n.language) })}</strong>
      </p>
      <div className="device-admin-bar">
        <button type="button" className="primary" onClick={() => void copy()}>
          {t('deviceAdmin:code.copy')}
        </button>
        <button type="button" onClick={onClose}>
          {t('deviceAdmin:code.close')}
        </button>
        <span role="status">{copied}</span>
      </div>
    </section>
  );
}

function HistoryPanel({
  device,
  view,
  onClose,
}: {
  device: DeviceRow;
  view: DeviceHistoryView;
  onClose: () => void;
}) {
  const { t, i18n } = useT();
  const id = useId();
  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="device-history">
      <h2 id={`${id}-title`}>{t('deviceAdmin:history.title', { name: device.name })}</h2>
      {view.entries.length === 0 ? (
        <p className="muted">{t('deviceAdmin:history.empty')}</p>
      ) : (
        <table className="device-admin-table">
          <thead>
            <tr>
              <th scope="col">{t('deviceAdmin:history.when')}</th>
              <th scope="col">{t('deviceAdmin:history.what')}</th>
            </tr>
          </thead>
          <tbody>
            {view.entries.map((e, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the server's order is the history's.
              <tr key={i}>
                <td>{formatInstant(e.at, i18n.language)}</td>
                <td>
                  {t(`deviceAdmin:history.action.${e.action}` as 'deviceAdmin:history.action.revoked', {
                    defaultValue: e.action,
                  })}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <button type="button" onClick={onClose}>
        {t('deviceAdmin:history.close')}
      </button>
    </section>
  );
}
