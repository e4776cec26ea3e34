import { useEffect, useState } from 'react';
import type { AttachmentDownloadView, AttachmentProgressView } from '../../../../shared/ipc/views.ts';

/**
 * The latest `attachments.progress` event per content, for the progress bars; `settled` counts the
 * blobs that finished or failed since mounting, so a list can read itself again when one does.
 */
export function useUploadProgress(): { live: ReadonlyMap<string, AttachmentProgressView>; settled: number } {
  const [state, setState] = useState<{ live: Map<string, AttachmentProgressView>; settled: number }>(() => ({
    live: new Map(),
    settled: 0,
  }));
  useEffect(
    () =>
      window.api.subscribe('attachments.progress', (event) => {
        setState((prev) => {
          const live = new Map(prev.live);
          live.set(event.sha256, event);
          const settled =
            event.state === 'done' || event.state === 'failed' ? prev.settled + 1 : prev.settled;
          return { live, settled };
        });
      }),
    [],
  );
  return state;
}

/** Bytes of one content coming down (a colleague's photo being opened), or null before any arrive. */
export function useDownloadProgress(sha256: string | null): AttachmentDownloadView | null {
  const [progress, setProgress] = useState<AttachmentDownloadView | null>(null);
  useEffect(() => {
    setProgress(null);
    if (!sha256) return;
    return window.api.subscribe('attachments.download', (event) => {
      if (event.sha256 === sha256) setProgress(event);
    });
  }, [sha256]);
  return progress;
}
