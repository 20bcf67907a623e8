/**
 * Reading the card at a counter: in training the virtual card profiles to pick from, and `read`,
 * which (in training) slides the chosen virtual card in, then waits for the read and hands the
 * patient to the app. Errors go to the workplace's own error box.
 */
import { useCallback, useEffect, useState } from 'react';
import type { ApiError, CardProfileView } from '../api/types.js';
import type { WorkplaceProps } from './workplace.js';

/** The training profiles and the read action for a counter workplace. */
export function useCardRead(props: WorkplaceProps, setError: (error: ApiError | undefined) => void) {
  const { api } = props;
  const training = props.status?.trainingMode ?? false;
  const [profiles, setProfiles] = useState<CardProfileView[]>([]);

  useEffect(() => {
    if (!training) return;
    api
      .cardProfiles({})
      .then((r) => {
        if (r.ok) setProfiles(r.value);
        else setError(r.error);
      })
      .catch(() => undefined);
  }, [api, training, setError]);

  const read = useCallback(
    (profileId: string | undefined) => {
      setError(undefined);
      props.onReadStart();
      const go = async (): Promise<void> => {
        if (profileId !== undefined) {
          const inserted = await api.insertVirtualCard({ profileId });
          if (!inserted.ok) {
            setError(inserted.error);
            props.onReadDone(undefined);
            return;
          }
        }
        const r = await api.readCard({ timeoutMs: 15_000 });
        if (r.ok) props.onReadDone(r.value);
        else {
          setError(r.error);
          props.onReadDone(undefined);
        }
      };
      go().catch(() => undefined);
    },
    [api, props, setError],
  );

  return { training, profiles, read };
}
