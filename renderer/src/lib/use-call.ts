import { useCallback, useEffect, useRef, useState } from 'react';
import type { ChannelInput, ChannelName, ChannelOutput } from '../../../shared/ipc/contract.ts';
import { ApiError, call } from './api.ts';

export interface CallState<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload: () => void;
}

/**
 * Calls a channel whenever its input changes (compared as JSON) and when the main side says data
 * changed. A slower, older answer never overwrites a newer one (typing fast in the search box).
 */
export function useCall<K extends ChannelName>(
  channel: K,
  input: ChannelInput<K>,
): CallState<ChannelOutput<K>> {
  const [data, setData] = useState<ChannelOutput<K>>();
  const [error, setError] = useState<ApiError>();
  const [loading, setLoading] = useState(true);
  const [version, setVersion] = useState(0);
  const latest = useRef(0);
  const key = JSON.stringify(input);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for `input`; `version` forces a reload.
  useEffect(() => {
    const ticket = ++latest.current;
    setLoading(true);
    call(channel, JSON.parse(key) as ChannelInput<K>).then(
      (value) => {
        if (ticket !== latest.current) return;
        setData(value);
        setError(undefined);
        setLoading(false);
      },
      (e: unknown) => {
        if (ticket !== latest.current) return;
        setError(e instanceof ApiError ? e : new ApiError({ code: 'INTERNAL', message: String(e) }));
        setLoading(false);
      },
    );
  }, [channel, key, version]);

  useEffect(() => window.api.subscribe('data.changed', () => setVersion((v) => v + 1)), []);

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { data, error, loading, reload };
}
