/**
 * The kiosk's screens: one decision each, large targets, Chinese first with English. Each
 * screen focuses its main button when it appears, so Enter takes the patient forward and
 * Escape (handled by the workplace) takes them back.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { ApiError, CardProfileView, Inquiry, KioskBill, Patient } from '../api/types.js';
import { Bi, Money } from '../common/bilingual.js';
import { ErrorBox } from '../common/error-box.js';

/** A button the screen focuses when it appears (keyboard users start on the way forward). */
export function FocusButton(props: { onClick: () => void; children: ReactNode; testId: string; primary?: boolean; autoFocus?: boolean; disabled?: boolean }) {
  const ref = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (props.autoFocus) ref.current?.focus();
  }, [props.autoFocus]);
  return (
    <button ref={ref} type="button" className={props.primary ? 'kiosk-button primary' : 'kiosk-button'} onClick={props.onClick} data-testid={props.testId} disabled={props.disabled}>
      {props.children}
    </button>
  );
}

/** The screen frame: a title and the screen's one decision. */
export function Screen(props: { title: ReactNode; testId: string; children: ReactNode }) {
  return (
    <section className="kiosk-screen" data-testid={props.testId} aria-labelledby={`${props.testId}-title`}>
      <h2 id={`${props.testId}-title`} className="kiosk-title">
        {props.title}
      </h2>
      {props.children}
    </section>
  );
}

/** 请插入社保卡: the start; in training, a discreet virtual-card picker so the flow runs here. */
export function StartScreen(props: {
  training: boolean;
  profiles: readonly CardProfileView[];
  cardPresent: boolean;
  onInsert: (profileId: string) => void;
  onUseCard: () => void;
}) {
  const [profileId, setProfileId] = useState('ouyang-2g');
  return (
    <Screen testId="kiosk-start" title={<Bi zh="请插入社保卡" en="Insert your card" />}>
      <div className="kiosk-card-slot" aria-hidden="true">
        <span className="kiosk-card-icon">💳</span>
      </div>
      <p className="kiosk-hint">
        <Bi zh="将社会保障卡芯片朝上插入读卡器" en="Insert your social security card into the reader, chip up" />
      </p>
      {props.cardPresent && (
        <FocusButton primary autoFocus testId="kiosk-use-card" onClick={props.onUseCard}>
          <Bi zh="使用已插入的卡" en="Use the inserted card" />
        </FocusButton>
      )}
      {props.training && (
        <details className="kiosk-training" data-testid="kiosk-training">
          <summary>
            <Bi inline zh="培训：虚拟卡" en="Training: virtual card" />
          </summary>
          <label className="field">
            <Bi zh="选择虚拟卡" en="Choose a virtual card" />
            <select
              value={profileId}
              onChange={(e) => {
                setProfileId(e.target.value);
              }}
              data-testid="kiosk-profile-picker"
            >
              {props.profiles.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.id}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            data-testid="kiosk-insert"
            onClick={() => {
              props.onInsert(profileId);
            }}
          >
            <Bi inline zh="插入虚拟卡" en="Insert the virtual card" />
          </button>
        </details>
      )}
    </Screen>
  );
}

/** 请勿拔卡 while the card is read and the holder looked up. */
export function ReadingScreen() {
  return (
    <Screen testId="kiosk-reading" title={<Bi zh="正在读卡，请勿拔卡" en="Reading your card — do not remove it" />}>
      <div className="progress" role="status" aria-live="assertive">
        <span className="spinner" aria-hidden="true" />
        <Bi zh="请稍候" en="Please wait" />
      </div>
    </Screen>
  );
}

/** After the card: pay a bill, or look up my insurance. */
export function ChooseScreen(props: { patient: Patient; onPay: () => void; onInquiry: () => void }) {
  return (
    <Screen testId="kiosk-choose" title={<Bi zh={`您好，${props.patient.card.name ?? ''}`} en="Hello — what would you like to do?" />}>
      <div className="kiosk-choices">
        <FocusButton primary autoFocus testId="kiosk-choose-pay" onClick={props.onPay}>
          <span className="kiosk-choice-icon" aria-hidden="true">
            ¥
          </span>
          <Bi zh="缴费" en="Pay a bill" />
        </FocusButton>
        <FocusButton primary testId="kiosk-choose-inquiry" onClick={props.onInquiry}>
          <span className="kiosk-choice-icon" aria-hidden="true">
            ?
          </span>
          <Bi zh="查询" en="My insurance" />
        </FocusButton>
      </div>
    </Screen>
  );
}

/** Is this you? The masked name and ID number before anything is shown or paid. */
export function IdentityScreen(props: { patient: Patient; onYes: () => void; onNo: () => void }) {
  const ins = props.patient.insurance;
  return (
    <Screen testId="kiosk-identity" title={<Bi zh="请确认您的身份" en="Please confirm it is you" />}>
      <dl className="kiosk-facts">
        <dt>
          <Bi zh="姓名" en="Name" />
        </dt>
        <dd data-testid="kiosk-name">{props.patient.card.name ?? '—'}</dd>
        <dt>
          <Bi zh="证件号码" en="ID number" />
        </dt>
        <dd data-testid="kiosk-ssn" className="mono">
          {props.patient.card.ssn ?? '—'}
        </dd>
        {ins && (
          <>
            <dt>
              <Bi zh="险种" en="Insurance" />
            </dt>
            <dd>
              <Bi zh={ins.insutypeName.zh} en={ins.insutypeName.en} />
            </dd>
            <dt>
              <Bi zh="参保地" en="Insured in" />
            </dt>
            <dd>
              <Bi zh={ins.insuplcName.zh} en={ins.insuplcName.en} />
            </dd>
          </>
        )}
      </dl>
      <div className="kiosk-actions">
        <FocusButton primary autoFocus testId="kiosk-identity-yes" onClick={props.onYes}>
          <Bi zh="是我，继续" en="That is me — continue" />
        </FocusButton>
        <FocusButton testId="kiosk-identity-no" onClick={props.onNo}>
          <Bi zh="不是我" en="This is not me" />
        </FocusButton>
      </div>
    </Screen>
  );
}

/** The bill and its split in plain words; confirm or go back. */
export function BillScreen(props: { bill: KioskBill; onConfirm: () => void; onBack: () => void }) {
  const { bill } = props;
  const eligible = bill.preSettlement.eligibility.eligible;
  return (
    <Screen testId="kiosk-bill" title={<Bi zh="您的账单" en="Your bill" />}>
      <p className="kiosk-bill-title">
        <Bi zh={bill.title.zh} en={bill.title.en} />
      </p>
      {bill.enrolment.offline && (
        <p className="kiosk-offline" role="note" data-testid="kiosk-bill-offline">
          <Bi zh={`离线数据：参保信息截至 ${bill.enrolment.asOf.slice(0, 10)}`} en={`Offline data: insurance as of ${bill.enrolment.asOf.slice(0, 10)}`} />
        </p>
      )}
      <table className="kiosk-lines">
        <thead>
          <tr>
            <th>
              <Bi zh="项目" en="Item" />
            </th>
            <th className="num">
              <Bi zh="数量" en="Qty" />
            </th>
            <th className="num">
              <Bi zh="金额" en="Amount" />
            </th>
          </tr>
        </thead>
        <tbody>
          {bill.preSettlement.lines.map((l) => (
            <tr key={l.feedetl_sn}>
              <td>{l.name}</td>
              <td className="num">{l.cnt}</td>
              <td className="num">
                <Money value={l.det_item_fee_sumamt} />
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <td colSpan={2}>
              <Bi zh="合计" en="Total" />
            </td>
            <td className="num">
              <Money value={bill.split.total} strong />
            </td>
          </tr>
        </tfoot>
      </table>
      <div className="kiosk-split" data-testid="kiosk-split">
        <p className="zh">{bill.split.zh}</p>
        <p className="en">{bill.split.en}</p>
      </div>
      <p className="kiosk-due" data-testid="kiosk-due">
        <Bi zh="您需支付" en="You pay" /> <Money value={bill.split.cash} strong />
      </p>
      {!eligible && (
        <div className="kiosk-offline" role="alert">
          {bill.preSettlement.eligibility.reasons.map((r) => (
            <p key={r.code}>
              <Bi zh={r.zh} en={r.en} />
            </p>
          ))}
        </div>
      )}
      <div className="kiosk-actions">
        <FocusButton primary autoFocus testId="kiosk-bill-confirm" onClick={props.onConfirm} disabled={!eligible}>
          <Bi zh="确认缴费" en="Confirm and pay" />
        </FocusButton>
        <FocusButton testId="kiosk-bill-back" onClick={props.onBack}>
          <Bi zh="返回" en="Back" />
        </FocusButton>
      </div>
    </Screen>
  );
}

/** The patient inquiry: balance, this year's accumulators, the last settlements. */
export function InquiryScreen(props: { inquiry: Inquiry; onPrint: () => void; onSave: () => void; onDone: () => void; printing: boolean; saved: string | undefined }) {
  const q = props.inquiry;
  const a = q.accumulators;
  return (
    <Screen testId="kiosk-inquiry" title={<Bi zh="我的医保" en="My insurance" />}>
      {q.known.offline ? (
        <p className="kiosk-offline" role="note" data-testid="kiosk-inquiry-offline">
          <Bi zh={`离线数据，截至 ${q.known.asOf.slice(0, 16).replace('T', ' ')}`} en={`Offline data, as of ${q.known.asOf.slice(0, 16).replace('T', ' ')} UTC`} />
        </p>
      ) : null}
      <p className="muted">
        {q.person.name} · <span className="mono">{q.person.ssn}</span> · <Bi inline zh={q.person.insutypeName.zh} en={q.person.insutypeName.en} />
      </p>
      <div className="kiosk-balance" data-testid="kiosk-balance">
        <Bi zh="个人账户余额" en="Account balance" /> <Money value={q.balance} strong />
      </div>
      <h3>
        <Bi inline zh={`${q.year} 年度累计`} en="This year so far" />
      </h3>
      <dl className="kiosk-facts" data-testid="kiosk-accumulators">
        <dt>
          <Bi zh="起付线已付" en="Deductible paid" />
        </dt>
        <dd>
          <Money value={a.deductible_paid} />
          {a.deductible_line !== null && (
            <span className="muted">
              {' '}
              / <Money value={a.deductible_line} />
            </span>
          )}
        </dd>
        {a.deductible_left !== null && (
          <>
            <dt>
              <Bi zh="起付线剩余" en="Deductible left" />
            </dt>
            <dd>
              <Money value={a.deductible_left} />
            </dd>
          </>
        )}
        <dt>
          <Bi zh="统筹基金已支付" en="Paid by the funds" />
        </dt>
        <dd>
          <Money value={a.fund_paid_total} />
        </dd>
        {a.funds
          .filter((f) => f.left !== null)
          .map((f) => (
            <FundLeft key={f.fund} name={f.name} left={f.left ?? ''} cap={f.cap ?? ''} />
          ))}
      </dl>
      <h3>
        <Bi inline zh="最近结算" en="Recent settlements" />
      </h3>
      {q.settlements.length === 0 ? (
        <p className="muted" data-testid="kiosk-no-settlements">
          <Bi zh="今年在本机构还没有结算记录" en="No settlements at this facility this year" />
        </p>
      ) : (
        <table className="kiosk-lines" data-testid="kiosk-settlements">
          <thead>
            <tr>
              <th>
                <Bi zh="日期" en="Date" />
              </th>
              <th className="num">
                <Bi zh="总额" en="Total" />
              </th>
              <th className="num">
                <Bi zh="统筹" en="Fund" />
              </th>
              <th className="num">
                <Bi zh="账户" en="Account" />
              </th>
              <th className="num">
                <Bi zh="自付" en="You paid" />
              </th>
            </tr>
          </thead>
          <tbody>
            {q.settlements.map((s) => (
              <tr key={s.setl_id} className={s.valid ? '' : 'cancelled'}>
                <td>
                  {s.date}
                  {!s.valid && <Bi inline zh="（已冲销）" en="cancelled" />}
                </td>
                <td className="num">
                  <Money value={s.medfee_sumamt} />
                </td>
                <td className="num">
                  <Money value={s.fund_pay_sumamt} />
                </td>
                <td className="num">
                  <Money value={s.acct_pay} />
                </td>
                <td className="num">
                  <Money value={s.psn_cash_pay} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="kiosk-actions">
        <FocusButton primary autoFocus testId="kiosk-inquiry-done" onClick={props.onDone}>
          <Bi zh="完成" en="Done" />
        </FocusButton>
        <FocusButton testId="kiosk-inquiry-print" onClick={props.onPrint}>
          <Bi zh="打印对账单" en="Print a statement" />
        </FocusButton>
        <FocusButton testId="kiosk-inquiry-save" onClick={props.onSave} disabled={props.printing}>
          <Bi zh="保存对账单" en="Save the statement" />
        </FocusButton>
      </div>
      {props.saved !== undefined && (
        <p className="muted" data-testid="kiosk-statement-saved">
          <Bi inline zh={`已保存 ${props.saved}`} en="Saved" />
        </p>
      )}
    </Screen>
  );
}

function FundLeft(props: { name: { zh: string; en: string }; left: string; cap: string }) {
  return (
    <>
      <dt>
        <Bi zh={`${props.name.zh} 剩余额度`} en={`Left of ${props.name.en}`} />
      </dt>
      <dd>
        <Money value={props.left} />
        <span className="muted">
          {' '}
          / <Money value={props.cap} />
        </span>
      </dd>
    </>
  );
}

/** 请取回社保卡: the visit is over; the screen waits for the card to leave the reader. */
export function TakeCardScreen(props: { training: boolean; onRemove: () => void }) {
  return (
    <Screen testId="kiosk-take-card" title={<Bi zh="请取回社保卡" en="Take your card" />}>
      <p className="kiosk-hint">
        <Bi zh="谢谢！请记得取走您的社会保障卡" en="Thank you! Please remember your social security card" />
      </p>
      {props.training && (
        <FocusButton autoFocus testId="kiosk-remove-card" onClick={props.onRemove}>
          <Bi zh="培训：取出虚拟卡" en="Training: remove the virtual card" />
        </FocusButton>
      )}
    </Screen>
  );
}

/** Something the patient cannot fix here: the message, what to do next, and the way back. */
export function ErrorScreen(props: { error: ApiError; onBack: () => void }) {
  return (
    <Screen testId="kiosk-error" title={<Bi zh="无法继续" en="We cannot continue" />}>
      <ErrorBox error={props.error} />
      <div className="kiosk-actions">
        <FocusButton primary autoFocus testId="kiosk-error-back" onClick={props.onBack}>
          <Bi zh="返回首页" en="Back to the start" />
        </FocusButton>
      </div>
    </Screen>
  );
}

/** The idle warning: the countdown and "继续 Continue" (a modal dialog that takes the focus). */
export function IdleDialog(props: { seconds: number; onContinue: () => void; onEnd: () => void }) {
  const ref = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <div className="kiosk-dialog-backdrop">
      <div
        className="kiosk-dialog"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="kiosk-idle-title"
        aria-describedby="kiosk-idle-text"
        data-testid="kiosk-idle-dialog"
        onKeyDown={(e) => {
          // Tab stays inside the dialog: the screen behind it is not the question now.
          if (e.key !== 'Tab') return;
          const buttons = Array.from(e.currentTarget.querySelectorAll('button'));
          const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
          const next = buttons[(at + (e.shiftKey ? buttons.length - 1 : 1)) % buttons.length];
          if (next) {
            e.preventDefault();
            next.focus();
          }
        }}
      >
        <h2 id="kiosk-idle-title">
          <Bi zh="您还在吗？" en="Are you still there?" />
        </h2>
        <p id="kiosk-idle-text">
          <Bi zh={`${String(props.seconds)} 秒后将返回首页`} en={`Returning to the start in ${String(props.seconds)} s`} />
        </p>
        <p className="kiosk-countdown" data-testid="kiosk-idle-seconds" aria-live="polite">
          {props.seconds}
        </p>
        <div className="kiosk-actions">
          <button ref={ref} type="button" className="kiosk-button primary" onClick={props.onContinue} data-testid="kiosk-idle-continue">
            <Bi zh="继续" en="Continue" />
          </button>
          <button type="button" className="kiosk-button" onClick={props.onEnd} data-testid="kiosk-idle-end">
            <Bi zh="结束" en="End" />
          </button>
        </div>
      </div>
    </div>
  );
}
