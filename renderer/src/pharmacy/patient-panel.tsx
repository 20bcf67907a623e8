/**
 * The patient panel: who is at the counter (masked), their insurance, where they are insured
 * and whether this is a cross-region visit, with its filing.
 */
import type { Patient } from '../api/types.js';
import { Bi, Money } from '../common/bilingual.js';

const SCOPE = {
  local: { zh: '本地就医', en: 'Local', tone: 'ok' },
  intra_province: { zh: '省内异地', en: 'Away from home, same province', tone: 'warn' },
  inter_province: { zh: '跨省异地', en: 'Cross-province', tone: 'warn' },
} as const;

const FILING: Readonly<Record<string, { zh: string; en: string }>> = {
  long_term: { zh: '异地长期居住备案', en: 'filed: living away long-term' },
  referral: { zh: '转诊转院备案', en: 'filed: referral' },
  temporary_other: { zh: '临时外出备案', en: 'filed: temporary stay' },
  emergency: { zh: '急诊抢救', en: 'emergency' },
};

/** Shows the patient of the card read. */
export function PatientPanel({ patient }: { patient: Patient }) {
  const ins = patient.insurance;
  return (
    <section className="panel patient-panel" aria-label="患者 Patient" data-testid="patient-panel">
      <h2>
        <Bi zh="患者信息" en="Patient" />
      </h2>
      <dl className="facts">
        <dt><Bi zh="姓名" en="Name" /></dt>
        <dd data-testid="patient-name">{patient.card.name ?? '—'}</dd>
        <dt><Bi zh="身份证号" en="ID number" /></dt>
        <dd className="mono" data-testid="patient-ssn">{patient.card.ssn ?? '—'}</dd>
        <dt><Bi zh="卡有效期" en="Card valid to" /></dt>
        <dd className={patient.card.expired ? 'bad' : ''}>
          {patient.card.valid_to} {patient.card.expired && <Bi inline zh="已过期" en="expired" />}
        </dd>
        {ins && (
          <>
            <dt><Bi zh="险种" en="Insurance" /></dt>
            <dd><Bi zh={ins.insutypeName.zh} en={ins.insutypeName.en} /></dd>
            <dt><Bi zh="参保地" en="Insured in" /></dt>
            <dd><Bi zh={`${ins.insuplcName.zh} (${ins.insuplc_admdvs})`} en={ins.insuplcName.en} /></dd>
            <dt><Bi zh="就医地" en="Visit" /></dt>
            <dd>
              <span className={`pill ${SCOPE[ins.scope].tone}`} data-testid="patient-scope">
                <Bi inline zh={SCOPE[ins.scope].zh} en={SCOPE[ins.scope].en} />
              </span>{' '}
              {ins.scope !== 'local' &&
                (ins.filing ? (
                  <Bi inline zh={FILING[ins.filing.type]?.zh ?? ins.filing.type} en={FILING[ins.filing.type]?.en ?? ''} />
                ) : (
                  <Bi inline zh="未备案" en="not filed" />
                ))}
            </dd>
            <dt><Bi zh="个人账户余额" en="Account balance" /></dt>
            <dd><Money value={ins.acct_balance} /></dd>
          </>
        )}
      </dl>
      {!ins && (
        <p className="bad">
          <Bi zh="未查询到参保信息，只能自费结算" en="No insurance found: the patient pays in cash" />
        </p>
      )}
      {patient.card.needs_psam && (
        <p className="bad">
          <Bi zh="第三代卡需要PSAM卡才能读取个人信息" en="A 3rd-generation card needs a PSAM to read personal data" />
        </p>
      )}
    </section>
  );
}
