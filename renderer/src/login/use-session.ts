/**
 * The terminal's operator session as the shell sees it: who is logged in (null: nobody; undefined:
 * not known yet), training's demo operators, and login / logout.
 */
import { useCallback, useEffect, useState } from 'react';
import type { OutputOf, TerminalApi } from '../api/types.js';

/** The logged-in operator. */
export type SessionOperator = NonNullable<OutputOf<'session'>['operator']>;
/** A demo operator with their PIN (training mode only). */
export type DemoOperator = NonNullable<OutputOf<'session'>['demoOperators']>[number];

/** The session, loaded once and updated by login and logout. */
export function useSession(api: TerminalApi) {
  const [operator, setOperator] = useState<SessionOperator | null | undefined>(undefined);
  const [demo, setDemo] = useState<DemoOperator[] | null>(null);

  useEffect(() => {
    api
      .session({})
      .then((r) => {
        if (r.ok) {
          setOperator(r.value.operator);
          setDemo(r.value.demoOperators);
        } else setOperator(null);
      })
      .catch(() => {
        setOperator(null);
      });
  }, [api]);

  const logout = useCallback(() => {
    api
      .logout({})
      .then(() => {
        setOperator(null);
      })
      .catch(() => undefined);
  }, [api]);

  return { operator, demo, setOperator, logout };
}
