import { useCallback, useEffect, useState } from 'react';
import { ApiError, call } from '../../lib/api.ts';

export type ImageState =
  | { kind: 'idle' }
  | { kind: 'loading' }
  | { kind: 'ready'; url: string; mimeType: string }
  | { kind: 'failed'; error: ApiError };

/**
 * An attachment's bytes as a `blob:` URL. The sandboxed page cannot read the blob store, and a
 * `file:` URL would need the CSP opened to the file system; bytes over IPC into a `blob:` URL this
 * page made itself need only `img-src blob:`. The URL is revoked when the component lets go of it.
 * `enabled` false keeps a colleague's photo on the server until someone opens it (no download from
 * merely scrolling past its tile).
 */
export function useAttachmentImage(
  attachmentId: string,
  enabled: boolean,
): ImageState & { retry: () => void } {
  const [state, setState] = useState<ImageState>({ kind: 'idle' });
  const [attempt, setAttempt] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` forces another try.
  useEffect(() => {
    if (!enabled) {
      setState({ kind: 'idle' });
      return;
    }
    let url: string | null = null;
    let cancelled = false;
    setState({ kind: 'loading' });
    call('attachments.open', { id: attachmentId }).then(
      ({ bytes, mimeType }) => {
        if (cancelled) return;
        url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: mimeType }));
        setState({ kind: 'ready', url, mimeType });
      },
      (e: unknown) => {
        if (cancelled) return;
        setState({
          kind: 'failed',
          error: e instanceof ApiError ? e : new ApiError({ code: 'INTERNAL', message: String(e) }),
        });
      },
    );
    return () => {
      cancelled = true;
      if (url) URL.revokeObjectURL(url);
    };
  }, [attachmentId, enabled, attempt]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { ...state, retry };
}
