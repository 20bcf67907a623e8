/**
 * The terminal's shell: the training banner, the workplace switcher, the workplace, the status
 * bar. It follows the service's events (reader, card, center, queue) and refreshes the status on
 * each. The workplace is in the address (#/pharmacy, #/billing, #/kiosk, #/supervisor). A card
 * slid in by hand that cannot be read (nobody asked for the read, so no workplace shows the
 * error) gets a banner at a counter; the kiosk shows its own.
 */
import { useCallback, useEffect, useRef, useState, type ComponentType } from 'react';
import type { ApiError, Patient, TerminalApi, TerminalStatus } from './api/types.js';
import { ErrorBox } from './common/error-box.js';
import { BillingWorkplace } from './billing/billing-workplace.js';
import { Bi } from './common/bilingual.js';
import { StatusBar } from './common/status-bar.js';
import { WORKPLACES, type WorkplaceId, type WorkplaceProps } from './common/workplace.js';
import { KioskWorkplace } from './kiosk/kiosk-workplace.js';
import { LoginScreen, OperatorBadge } from './login/login-screen.js';
import { useSession } from './login/use-session.js';
import { PharmacyWorkplace } from './pharmacy/pharmacy-workplace.js';
import { SupervisorWorkplace } from './supervisor/supervisor-workplace.js';

/** Each workplace: its component and its name on the switcher. */
const WORKPLACE: Record<WorkplaceId, { component: ComponentType<WorkplaceProps>; zh: string; en: string }> = {
  pharmacy: { component: PharmacyWorkplace, zh: '药店收银', en: 'Pharmacy cashier' },
  billing: { component: BillingWorkplace, zh: '门诊/住院收费', en: 'Billing desk' },
  kiosk: { component: KioskWorkplace, zh: '自助服务', en: 'Self-service kiosk' },
  supervisor: { component: SupervisorWorkplace, zh: '主管', en: 'Supervisor' },
};

/** The workplace the address names, or the pharmacy. */
function workplaceFromHash(hash: string): WorkplaceId {
  const id = hash.replace(/^#\/?/, '');
  return (WORKPLACES as readonly string[]).includes(id) ? (id as WorkplaceId) : 'pharmacy';
}

/** The whole terminal UI over one TerminalApi. */
export function App({ api }: { api: TerminalApi }) {
  const [status, setStatus] = useState<TerminalStatus | undefined>();
  const [patient, setPatient] = useState<Patient | undefined>();
  const [reading, setReading] = useState(false);
  /** A card error nobody asked for (a card slid in by hand), shown as a banner at a counter. */
  const [cardError, setCardError] = useState<ApiError | undefined>();
  /** A workplace asked for the read (until a moment after its answer): its own error box shows the error. */
  const asked = useRef({ now: false, until: 0 });
  const [workplace, setWorkplace] = useState<WorkplaceId>(() => workplaceFromHash(window.location.hash));
  const session = useSession(api);

  useEffect(() => {
    const onHash = (): void => {
      setWorkplace(workplaceFromHash(window.location.hash));
    };
    window.addEventListener('hashchange', onHash);
    return () => {
      window.removeEventListener('hashchange', onHash);
    };
  }, []);

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
          setCardError(undefined);
          break;
        case 'card-read':
          setReading(false);
          setCardError(undefined);
          setPatient(event.patient);
          break;
        case 'card-error':
          setReading(false);
          // The event and a requested read's answer travel apart: a moment's grace after the answer.
          if (!asked.current.now && Date.now() > asked.current.until) setCardError(event.error);
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

  const Workplace = WORKPLACE[workplace].component;
  // Every counter workplace needs an operator logged in; the kiosk has no login (opter_type 2).
  const needsLogin = workplace !== 'kiosk' && session.operator === null;
  return (
    <div className={`terminal workplace-${workplace}`}>
      <header className="top">
        <h1>
          <Bi inline zh="MedSettle 医保结算" en="Medical insurance settlement" />
        </h1>
        <nav className="workplace-switcher" aria-label="工作台 Workplace">
          {WORKPLACES.map((id) => (
            <a key={id} href={`#/${id}`} className="workplace-name" aria-current={id === workplace ? 'page' : undefined} data-testid={`nav-${id}`}>
              <Bi inline zh={WORKPLACE[id].zh} en={WORKPLACE[id].en} />
            </a>
          ))}
        </nav>
        {status?.trainingMode && (
          <span className="training-banner" role="note" data-testid="training-banner">
            <Bi inline zh="培训模式" en="Training mode — no real settlement" />
          </span>
        )}
        {session.operator && <OperatorBadge operator={session.operator} onLogout={session.logout} />}
      </header>
      {cardError && workplace !== 'kiosk' && !needsLogin && (
        <div className="card-error-banner" data-testid="card-error-banner">
          <ErrorBox
            error={cardError}
            onDismiss={() => {
              setCardError(undefined);
            }}
          />
        </div>
      )}
      {needsLogin ? (
        <LoginScreen api={api} demo={session.demo} onLoggedIn={session.setOperator} />
      ) : (
        <Workplace
          api={api}
          status={status}
          patient={patient}
          reading={reading}
          onReadStart={() => {
            asked.current.now = true;
            setCardError(undefined);
            setReading(true);
          }}
          onReadDone={(p) => {
            asked.current = { now: false, until: Date.now() + 1_500 };
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
      )}
      <StatusBar status={status} />
    </div>
  );
}
