/**
 * The operator login: operator id and PIN (digits, masked). In training mode the demo operators
 * are listed with their PINs so a newcomer can try each role; nowhere else.
 */
import { useState, type SyntheticEvent } from 'react';
import type { ApiError, TerminalApi } from '../api/types.js';
import { Bi } from '../common/bilingual.js';
import { ErrorBox } from '../common/error-box.js';
import type { DemoOperator, SessionOperator } from './use-session.js';

const ROLE = { cashier: { zh: '收银员', en: 'Cashier' }, billing: { zh: '收费员', en: 'Billing clerk' }, supervisor: { zh: '主管', en: 'Supervisor' } } as const;

/** The role's name in both languages. */
export function RoleName({ role }: { role: SessionOperator['role'] }) {
  return <Bi inline zh={ROLE[role].zh} en={ROLE[role].en} />;
}

/** The login form; calls onLoggedIn with the operator once the PIN is accepted. */
export function LoginScreen({ api, demo, onLoggedIn }: { api: TerminalApi; demo: DemoOperator[] | null; onLoggedIn: (operator: SessionOperator) => void }) {
  const [operatorId, setOperatorId] = useState('');
  const [pin, setPin] = useState('');
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);

  const submit = (e: SyntheticEvent): void => {
    e.preventDefault();
    setBusy(true);
    api
      .login({ operatorId: operatorId.trim(), pin })
      .then((r) => {
        setPin('');
        if (r.ok) {
          setError(undefined);
          onLoggedIn(r.value.operator);
        } else setError(r.error);
      })
      .catch(() => undefined)
      .finally(() => {
        setBusy(false);
      });
  };

  return (
    <main className="login-screen" data-testid="login-screen">
      <form className="panel login-form" onSubmit={submit} aria-label="操作员登录 Operator login">
        <h2>
          <Bi zh="操作员登录" en="Operator login" />
        </h2>
        <label>
          <Bi zh="工号" en="Operator id" />
          <input autoFocus autoComplete="username" value={operatorId} onChange={(e) => { setOperatorId(e.target.value); }} data-testid="login-operator" required maxLength={30} />
        </label>
        <label>
          <Bi zh="密码" en="PIN" />
          <input type="password" inputMode="numeric" autoComplete="current-password" value={pin} onChange={(e) => { setPin(e.target.value.replace(/[^0-9]/g, '')); }} data-testid="login-pin" required maxLength={12} />
        </label>
        {error && <ErrorBox error={error} />}
        <button type="submit" className="primary" disabled={busy || operatorId === '' || pin === ''} data-testid="login-submit">
          <Bi inline zh="登录" en="Log in" />
        </button>
      </form>
      {demo && demo.length > 0 && (
        <section className="panel demo-operators" aria-label="培训账号 Training operators" data-testid="demo-operators">
          <h3>
            <Bi zh="培训模式演示账号" en="Training mode demo operators" />
          </h3>
          <table>
            <thead>
              <tr>
                <th><Bi zh="工号" en="Id" /></th>
                <th><Bi zh="姓名" en="Name" /></th>
                <th><Bi zh="角色" en="Role" /></th>
                <th><Bi zh="密码" en="PIN" /></th>
                <th />
              </tr>
            </thead>
            <tbody>
              {demo.map((o) => (
                <tr key={o.id}>
                  <td className="mono">{o.id}</td>
                  <td>{o.name}</td>
                  <td><RoleName role={o.role} /></td>
                  <td className="mono">{o.pin}</td>
                  <td>
                    <button type="button" className="secondary" data-testid={`demo-${o.id}`} onClick={() => { setOperatorId(o.id); setPin(o.pin); }}>
                      <Bi inline zh="填入" en="Use" />
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </main>
  );
}

/** The logged-in operator in the top bar, with logout. */
export function OperatorBadge({ operator, onLogout }: { operator: SessionOperator; onLogout: () => void }) {
  return (
    <span className="operator-badge" data-testid="operator-badge">
      <span className="who">
        {operator.name} · <span className="mono">{operator.id}</span> · <RoleName role={operator.role} />
      </span>
      <button type="button" className="link logout" onClick={onLogout} data-testid="logout">
        <Bi inline zh="退出" en="Log out" />
      </button>
    </span>
  );
}
