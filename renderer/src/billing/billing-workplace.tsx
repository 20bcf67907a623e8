/**
 * The hospital billing desk: read the card, then settle the patient's outpatient visit (门诊,
 * 2207) or inpatient discharge (住院结算, 2304) with the live split, its explanation, the deposit
 * and the receipt. Keyboard: F2 reads the card, Alt+1 / Alt+2 switch tabs, F9 settles, F8 prints,
 * Esc serves the next patient.
 */
import { useEffect, useState } from 'react';
import type { ApiError } from '../api/types.js';
import { Bi } from '../common/bilingual.js';
import { ErrorBox } from '../common/error-box.js';
import type { WorkplaceProps } from '../common/workplace.js';
import { useCardRead } from '../common/use-card-read.js';
import { CardPanel } from '../pharmacy/card-panel.js';
import { PatientPanel } from '../pharmacy/patient-panel.js';
import { DischargeTab } from './discharge-tab.js';
import { OutpatientTab } from './outpatient-tab.js';

type Tab = 'outpatient' | 'discharge';

/** The Billing desk workplace. */
export function BillingWorkplace(props: WorkplaceProps) {
  const { api, patient } = props;
  const [tab, setTab] = useState<Tab>('outpatient');
  const [error, setError] = useState<ApiError | undefined>();
  const { training, profiles, read } = useCardRead(props, setError);



  useEffect(() => {
    const click = (selector: string): void => {
      document.querySelector<HTMLButtonElement>(selector)?.click();
    };
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'F2' && !props.reading) {
        e.preventDefault();
        click('[data-testid="read-card"]');
      } else if (e.altKey && e.key === '1') {
        e.preventDefault();
        setTab('outpatient');
      } else if (e.altKey && e.key === '2') {
        e.preventDefault();
        setTab('discharge');
      } else if (e.key === 'F9') {
        e.preventDefault();
        click('[data-testid="settle"]');
      } else if (e.key === 'F8') {
        e.preventDefault();
        click('[data-testid="print"]');
      } else if (e.key === 'Escape') {
        click('[data-testid="next-patient"]');
      }
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
    };
  }, [props.reading]);

  // A new patient: each tab reloads its lists (keyed by the card's identity).
  const patientKey = patient ? `${patient.card.reader}|${patient.card.ssn ?? ''}|${patient.card.card_no ?? ''}` : '';

  return (
    <main className="workplace workplace-billing" data-testid="billing-workplace">
      <div className="column left">
        <CardPanel training={training} profiles={profiles} reading={props.reading} onRead={read} />
        {patient && <PatientPanel patient={patient} />}
        {error && <ErrorBox error={error} onDismiss={() => { setError(undefined); }} />}
      </div>
      <div className="column wide">
        <div className="billing-tabs" role="tablist" aria-label="收费类别 Billing">
          <button type="button" role="tab" aria-selected={tab === 'outpatient'} aria-keyshortcuts="Alt+1" onClick={() => { setTab('outpatient'); }} data-testid="tab-outpatient">
            <Bi inline zh="门诊 (Alt+1)" en="Outpatient" />
          </button>
          <button type="button" role="tab" aria-selected={tab === 'discharge'} aria-keyshortcuts="Alt+2" onClick={() => { setTab('discharge'); }} data-testid="tab-discharge">
            <Bi inline zh="住院结算 (Alt+2)" en="Discharge" />
          </button>
        </div>
        {!patient ? (
          <section className="panel">
            <p className="muted">
              <Bi zh="请先读卡（F2），再选择门诊就诊或住院记录" en="Read the card first (F2), then pick a visit or a stay" />
            </p>
          </section>
        ) : tab === 'outpatient' ? (
          <OutpatientTab key={`o-${patientKey}`} api={api} onNext={props.onNextPatient} />
        ) : (
          <DischargeTab key={`d-${patientKey}`} api={api} onNext={props.onNextPatient} />
        )}
      </div>
    </main>
  );
}
