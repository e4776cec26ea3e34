import { useEffect, useRef, useState } from 'react';
import { useT } from '../../../i18n/use-t.ts';

type Fill = (position: { latitude: string; longitude: string }) => void;

type State =
  | { kind: 'idle' }
  | { kind: 'locating' }
  | { kind: 'filled'; metres: number }
  | { kind: 'failed'; message: 'geoDenied' | 'geoUnavailable' | 'geoTimeout' };

/** A fix from the tablet's GPS or Wi-Fi usually comes in seconds; past this the surveyor should know. */
const TIMEOUT_MS = 20_000;

/**
 * 「現在地」: the tablet's position (navigator.geolocation) into 緯度・経度, for a surveyor registering
 * the house they stand in front of. Electron grants the permission to our own page only
 * (electron/main/security.ts). When there is no position — refused, none to be had (Electron asks a
 * network service, so offline there is none: docs/inspections.md), or too slow — the reason is said
 * in words and the fields are left as they were (typing or a photo's position still work).
 */
export function CurrentPosition({ fill }: { fill: Fill }) {
  const { t } = useT();
  const [state, setState] = useState<State>({ kind: 'idle' });
  // An answer arriving after the form is gone must not set state.
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const locate = () => {
    const geolocation = typeof navigator !== 'undefined' ? navigator.geolocation : undefined;
    if (!geolocation) {
      setState({ kind: 'failed', message: 'geoUnavailable' });
      return;
    }
    setState({ kind: 'locating' });
    geolocation.getCurrentPosition(
      (p) => {
        if (!mounted.current) return;
        fill({ latitude: String(round(p.coords.latitude)), longitude: String(round(p.coords.longitude)) });
        setState({ kind: 'filled', metres: Math.max(1, Math.round(p.coords.accuracy)) });
      },
      (error) => {
        if (!mounted.current) return;
        const message =
          error.code === error.PERMISSION_DENIED
            ? 'geoDenied'
            : error.code === error.TIMEOUT
              ? 'geoTimeout'
              : 'geoUnavailable';
        setState({ kind: 'failed', message });
      },
      // A fresh fix: a cached one may be the last house's.
      { enableHighAccuracy: true, timeout: TIMEOUT_MS, maximumAge: 0 },
    );
  };

  return (
    <div className="prop-current-position">
      <button
        type="button"
        onClick={locate}
        disabled={state.kind === 'locating'}
        aria-label={t('property:form.currentPositionLabel')}
        data-testid="current-position"
      >
        {t('property:form.currentPosition')}
      </button>
      <span role="status" className="muted" data-testid="current-position-status">
        {state.kind === 'locating'
          ? t('property:form.locating')
          : state.kind === 'filled'
            ? t('property:form.currentPositionFilled', { metres: state.metres })
            : ''}
      </span>
      {state.kind === 'failed' ? (
        <p role="alert" className="field-error" data-testid="current-position-error">
          {t(`property:form.${state.message}`)}
        </p>
      ) : null}
    </div>
  );
}

/** Seven decimals is about a centimetre: more than a tablet's GPS knows. */
const round = (v: number) => Math.round(v * 1e7) / 1e7;
