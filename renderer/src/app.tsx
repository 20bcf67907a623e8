/**
 * The terminal's shell: the training banner, the workplace, the status bar. It follows the
 * service's events (reader, card, center, queue) and refreshes the status on each.
 */
import { useCallback, useEffect, useState } from 'react';
import type { Patient, TerminalApi, TerminalStatus } from './api/types.js';
import { Bi } from './common/bilingual.js';
import { StatusBar } from './common/status-bar.js';
import { PharmacyWorkplace } from './pharmacy/pharmacy-workplace.js';

/** The whole terminal UI over one TerminalApi. */
export function App({ api }: { api: TerminalApi }) {
  const [status, setStatus] = useState<TerminalStatus | undefined>();
  const [patient, setPatient] = useState<Patient | undefined>();
  const [reading, setReading] = useState(false);

  const refresh = useCallback(() => {
    api
      .status({})
      .then((r) => {
        if (r.ok) setStatus(r.value);
      })
      .catch(() => undefined);
  }, [api]);

  useEffect(() => {
    refresh();
    const unsubscribe = api.subscribe((event) => {
      switch (event.type) {
        case 'card-inserted':
          setReading(true);
          break;
        case 'card-read':
          setReading(false);
          setPatient(event.patient);
          break;
        case 'card-error':
          setReading(false);
          break;
        case 'card-removed':
          setPatient(undefined);
          break;
        case 'settled':
          // The account balance changed: show the patient as the terminal now knows them.
          api
            .currentPatient({})
            .then((r) => {
              if (r.ok && r.value) setPatient(r.value);
            })
            .catch(() => undefined);
          break;
        default:
          break;
      }
      refresh();
    });
    return unsubscribe;
  }, [api, refresh]);

  return (
    <div className="terminal">
      <header className="top">
        <h1>
          <Bi inline zh="MedSettle 医保结算" en="Medical insurance settlement" />
        </h1>
        <span className="workplace-name">
          <Bi inline zh="药店收银" en="Pharmacy cashier" />
        </span>
        {status?.trainingMode && (
          <span className="training-banner" role="note" data-testid="training-banner">
            <Bi inline zh="培训模式" en="Training mode — no real settlement" />
          </span>
        )}
      </header>
      <PharmacyWorkplace
        api={api}
        status={status}
        patient={patient}
        reading={reading}
        onReadStart={() => {
          setReading(true);
        }}
        onReadDone={(p) => {
          setReading(false);
          if (p) setPatient(p);
        }}
        onNextPatient={() => {
          setPatient(undefined);
          if (status?.trainingMode) {
            // Training: the virtual card leaves the reader as a real patient takes theirs back.
            api.removeVirtualCard({}).catch(() => undefined);
          }
        }}
      />
      <StatusBar status={status} />
    </div>
  );
}
