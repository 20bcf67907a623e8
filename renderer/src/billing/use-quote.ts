/** The live quote of a billing order: asked again on every change, only the latest answer kept. */
import { useEffect, useRef, useState } from 'react';
import type { ApiError, TerminalApi } from '../api/types.js';
import type { BillingOrder, BillingQuote } from './types.js';

/** The quote of `order` (undefined while there is none), whether it is being refreshed, and the error. */
export function useQuote(api: TerminalApi, order: BillingOrder | undefined) {
  const [quote, setQuote] = useState<BillingQuote | undefined>();
  const [stale, setStale] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  const sequence = useRef(0);
  const key = order ? JSON.stringify(order) : '';
  useEffect(() => {
    if (!order) {
      setQuote(undefined);
      setError(undefined);
      return;
    }
    const id = ++sequence.current;
    setStale(true);
    api
      .billingQuote({ order })
      .then((r) => {
        if (id !== sequence.current) return;
        setStale(false);
        if (r.ok) {
          setQuote(r.value);
          setError(undefined);
        } else {
          setQuote(undefined);
          setError(r.error);
        }
      })
      .catch(() => undefined);
    // The order is compared by value (its JSON): a new object with the same lines asks nothing.
  }, [api, key]);
  return { quote, stale, error, clearError: () => { setError(undefined); } };
}
