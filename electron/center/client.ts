/**
 * The typed center client: builds the national envelope around a transaction's input, hands it
 * to a Gateway, validates the answer and classifies every outcome as a value:
 *
 * - `ok`: infcode 0 and an output that matches the transaction's schema;
 * - `rejected`: the center said no (infcode ≠ 0 with err_msg), or the gateway refused the request
 *   with a 3xx/4xx, or the terminal's own input was invalid and nothing was sent. Permanent;
 * - `unreachable`: the request certainly did not arrive (refused, DNS, connect timeout). The same
 *   message may be sent again under the same msgid;
 * - `unknown`: it may have been committed (timeout after sending, connection dropped, 5xx,
 *   nonsense answer). For a committing transaction resolve it with 5203, then 2601; never resend
 *   it under a new msgid.
 *
 * The uploader writes `prepare(...)`'s msgid and body before calling `send(...)`, and can revive a
 * stored body with `revive(...)` after a restart.
 */
import { centerError, type CenterError, type CenterResult } from './errors.js';
import {
  firstIssue,
  inputPsnNo,
  requestEnvelopeSchema,
  responseEnvelopeSchema,
  type OpterType,
  type RequestEnvelope,
  type ResponseEnvelope,
} from './envelope.js';
import type { Gateway, GatewayResult } from './gateway.js';
import type { MsgidSource } from './msgid.js';
import { formatInfTime } from './time.js';
import { transactions, type InputOf, type Infno, type OutputOf } from './transactions.js';

/** Who sends: the institution and its terminal, fixed for a client. */
export type CenterIdentity = {
  fixmedins_code: string;
  fixmedins_name: string;
  /** 就医地医保区划: this terminal's region. */
  mdtrtarea_admvs: string;
  /** 接收方系统代码. */
  recer_sys_code: string;
  /** Interface version, as the provincial notice says ("V1.0"). */
  infver: string;
  opter_type: OpterType;
  opter: string;
  opter_name: string;
};

/** How a client is put together: everything with an effect is injected. */
export type CenterClientOptions = {
  gateway: Gateway;
  msgids: MsgidSource;
  clock: () => Date;
  identity: CenterIdentity;
  /** Per-request timeout (default 15 s). */
  timeoutMs?: number;
};

/** Per-call context. */
export type CallContext = {
  /** 参保地医保区划 from 1101; required when the input carries psn_no. */
  insuplc_admdvs?: string;
  /** From 9001. */
  sign_no?: string;
  /** A msgid reserved (and persisted) earlier; otherwise the MsgidSource gives the next one. */
  msgid?: string;
  /** Overrides of the operator for this call (a kiosk acting for a cashier, …). */
  opter?: string;
  opter_name?: string;
  opter_type?: OpterType;
  /** Overrides the client's timeout for this call. */
  timeoutMs?: number;
};

/** A message ready to send: persist `msgid` and `body` first, then `send` it. */
export type PreparedRequest<K extends Infno = Infno> = {
  infno: K;
  msgid: string;
  envelope: RequestEnvelope;
  body: string;
};

type Common<K extends Infno> = { infno: K; msgid: string };

/** Every way a call can end, as a value. */
export type CallOutcome<K extends Infno> =
  | (Common<K> & {
      ok: true;
      outcome: 'ok';
      value: OutputOf<K>;
      warn_msg: string | undefined;
      response: ResponseEnvelope;
    })
  | (Common<K> & {
      ok: false;
      outcome: 'rejected';
      error: CenterError;
      /** The center's infcode and err_msg; null/'' when the gateway or the terminal refused. */
      infcode: number | null;
      err_msg: string;
      response?: ResponseEnvelope;
    })
  | (Common<K> & { ok: false; outcome: 'unreachable'; error: CenterError })
  | (Common<K> & { ok: false; outcome: 'unknown'; error: CenterError; httpStatus?: number });

/** The client the uploader and the terminal service call. */
export interface CenterClient {
  /** Builds and validates the envelope; takes a msgid unless ctx carries one. Sends nothing. */
  prepare<K extends Infno>(infno: K, input: InputOf<K>, ctx?: CallContext): CenterResult<PreparedRequest<K>>;
  /** Rebuilds a prepared request from a stored body (after a restart), validating it again. */
  revive<K extends Infno>(infno: K, body: string): CenterResult<PreparedRequest<K>>;
  /** Sends a prepared request and classifies the outcome. Never rejects. */
  send<K extends Infno>(
    prepared: PreparedRequest<K>,
    options?: { timeoutMs?: number },
  ): Promise<CallOutcome<K>>;
  /** prepare + send. */
  call<K extends Infno>(infno: K, input: InputOf<K>, ctx?: CallContext): Promise<CallOutcome<K>>;
  /** Releases the gateway's connections. */
  close(): void;
}

const EXCERPT = 200;
const excerpt = (text: string): string => (text.length > EXCERPT ? `${text.slice(0, EXCERPT)}…` : text);

/** Creates a center client. */
export function createCenterClient(options: CenterClientOptions): CenterClient {
  const { gateway, msgids, clock, identity } = options;
  const defaultTimeout = options.timeoutMs ?? 15_000;

  function prepare<K extends Infno>(
    infno: K,
    input: InputOf<K>,
    ctx: CallContext = {},
  ): CenterResult<PreparedRequest<K>> {
    const spec = transactions[infno];
    const parsedInput = spec.input.safeParse(input);
    if (!parsedInput.success) {
      const issue = firstIssue(parsedInput.error);
      return {
        ok: false,
        error: centerError(
          'INPUT_INVALID',
          { en: `${issue.path}: ${issue.message}`, zh: `${issue.path}：${issue.message}` },
          { infno },
        ),
      };
    }
    if (inputPsnNo(input) !== undefined && !ctx.insuplc_admdvs)
      return { ok: false, error: centerError('INSUPLC_ADMDVS_REQUIRED') };
    const now = clock();
    const envelope: Record<string, unknown> = {
      infno,
      msgid: ctx.msgid ?? msgids.next(now),
      mdtrtarea_admvs: identity.mdtrtarea_admvs,
      insuplc_admdvs: ctx.insuplc_admdvs ?? '',
      recer_sys_code: identity.recer_sys_code,
      infver: identity.infver,
      opter_type: ctx.opter_type ?? identity.opter_type,
      opter: ctx.opter ?? identity.opter,
      opter_name: ctx.opter_name ?? identity.opter_name,
      inf_time: formatInfTime(now),
      fixmedins_code: identity.fixmedins_code,
      fixmedins_name: identity.fixmedins_name,
      sign_no: ctx.sign_no ?? '',
      // The caller's input as given (validated above): what is sent is what is stored.
      input,
    };
    return validated(infno, envelope);
  }

  function validated<K extends Infno>(infno: K, raw: unknown): CenterResult<PreparedRequest<K>> {
    const parsed = requestEnvelopeSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = firstIssue(parsed.error);
      const code =
        issue.path === 'msgid'
          ? 'MSGID_INVALID'
          : issue.path === 'insuplc_admdvs'
            ? 'INSUPLC_ADMDVS_REQUIRED'
            : 'ENVELOPE_INVALID';
      return {
        ok: false,
        error: centerError(code, {
          en: `${issue.path}: ${issue.message}`,
          zh: `${issue.path}：${issue.message}`,
        }),
      };
    }
    if (parsed.data.infno !== infno) {
      return {
        ok: false,
        error: centerError('ENVELOPE_INVALID', {
          en: `infno ${parsed.data.infno}, expected ${infno}`,
          zh: `交易编号为 ${parsed.data.infno}，应为 ${infno}`,
        }),
      };
    }
    return {
      ok: true,
      value: { infno, msgid: parsed.data.msgid, envelope: parsed.data, body: JSON.stringify(raw) },
    };
  }

  function revive<K extends Infno>(infno: K, body: string): CenterResult<PreparedRequest<K>> {
    let raw: unknown;
    try {
      raw = JSON.parse(body);
    } catch (err) {
      const detail = err instanceof Error ? err.message : String(err);
      return { ok: false, error: centerError('ENVELOPE_INVALID', { en: detail, zh: detail }) };
    }
    const result = validated(infno, raw);
    if (!result.ok) return result;
    const input = transactions[infno].input.safeParse(result.value.envelope.input);
    if (!input.success) {
      const issue = firstIssue(input.error);
      return {
        ok: false,
        error: centerError('INPUT_INVALID', {
          en: `${issue.path}: ${issue.message}`,
          zh: `${issue.path}：${issue.message}`,
        }),
      };
    }
    // Keep the stored text byte for byte: the center compares payloads under one msgid.
    return { ok: true, value: { ...result.value, body } };
  }

  async function send<K extends Infno>(
    prepared: PreparedRequest<K>,
    sendOptions: { timeoutMs?: number } = {},
  ): Promise<CallOutcome<K>> {
    const { infno, msgid } = prepared;
    let result: GatewayResult;
    try {
      result = await gateway.send({
        infno,
        msgid,
        body: prepared.body,
        timeoutMs: sendOptions.timeoutMs ?? defaultTimeout,
      });
    } catch (err) {
      // A gateway must not throw; if one does, nothing says the message was not sent.
      const detail = err instanceof Error ? err.message : String(err);
      return {
        ok: false,
        outcome: 'unknown',
        infno,
        msgid,
        error: centerError('GATEWAY_FAILED', { en: detail, zh: detail }, { gateway: gateway.name }),
      };
    }
    return classify(prepared, result);
  }

  return {
    prepare,
    revive,
    send,
    call: async (infno, input, ctx) => {
      const prepared = prepare(infno, input, ctx);
      if (!prepared.ok) {
        return {
          ok: false,
          outcome: 'rejected',
          infno,
          msgid: ctx?.msgid ?? '',
          error: prepared.error,
          infcode: null,
          err_msg: '',
        };
      }
      return send(prepared.value, ctx?.timeoutMs === undefined ? {} : { timeoutMs: ctx.timeoutMs });
    },
    close: () => {
      gateway.close();
    },
  };
}

/** Sorts what the gateway saw into the four outcome classes. */
export function classify<K extends Infno>(
  prepared: Pick<PreparedRequest<K>, 'infno' | 'msgid'>,
  result: GatewayResult,
): CallOutcome<K> {
  const { infno, msgid } = prepared;
  if (result.kind === 'unreachable') {
    return {
      ok: false,
      outcome: 'unreachable',
      infno,
      msgid,
      error: centerError(result.code, { en: result.detail, zh: result.detail }),
    };
  }
  if (result.kind === 'unknown') {
    return {
      ok: false,
      outcome: 'unknown',
      infno,
      msgid,
      error: centerError(result.code, { en: result.detail, zh: result.detail }),
    };
  }
  const { status, body } = result;
  const unknown = (
    code: Parameters<typeof centerError>[0],
    en: string,
    zh: string,
    details?: Record<string, unknown>,
  ): CallOutcome<K> => ({
    ok: false,
    outcome: 'unknown',
    infno,
    msgid,
    httpStatus: status,
    error: centerError(code, { en, zh }, { status, body: excerpt(body), ...details }),
  });
  if (status >= 500) return unknown('CENTER_HTTP_5XX', `HTTP ${status}`, `HTTP ${status}`);

  let json: unknown;
  let isJson = true;
  try {
    json = JSON.parse(body);
  } catch {
    // Not JSON: the status decides below whether that is a refusal or an unknown outcome.
    isJson = false;
  }
  const envelope = isJson ? responseEnvelopeSchema.safeParse(json) : undefined;

  if (status < 200 || status >= 300) {
    if (envelope?.success && envelope.data.infcode !== 0 && envelope.data.err_msg)
      return rejected(envelope.data);
    // 408 and 429 say "not now" rather than "never": treat them as possibly delivered.
    if (status === 408 || status === 429)
      return unknown('CENTER_HTTP_STATUS', `HTTP ${status}`, `HTTP ${status}`);
    return {
      ok: false,
      outcome: 'rejected',
      infno,
      msgid,
      infcode: null,
      err_msg: '',
      error: centerError(
        'CENTER_HTTP_STATUS',
        { en: `HTTP ${status}`, zh: `HTTP ${status}` },
        { status, body: excerpt(body) },
      ),
    };
  }
  if (!isJson)
    return unknown('CENTER_RESPONSE_NOT_JSON', 'the body does not parse as JSON', '应答体不是 JSON');
  if (!envelope?.success) {
    const issue = envelope ? firstIssue(envelope.error) : { path: '', message: 'invalid' };
    return unknown(
      'CENTER_RESPONSE_INVALID',
      `${issue.path}: ${issue.message}`,
      `${issue.path}：${issue.message}`,
    );
  }
  const env = envelope.data;
  if (env.infcode !== 0) {
    if (env.err_msg) return rejected(env);
    return unknown(
      'CENTER_RESPONSE_INVALID',
      `infcode ${env.infcode} without err_msg`,
      `infcode 为 ${env.infcode} 但没有 err_msg`,
    );
  }
  const spec = transactions[infno];
  const output = spec.output.safeParse(env.output);
  if (!output.success) {
    const issue = firstIssue(output.error);
    return unknown(
      'CENTER_OUTPUT_INVALID',
      `output.${issue.path}: ${issue.message}`,
      `output.${issue.path}：${issue.message}`,
    );
  }
  if (spec.echoesMsgid) {
    const echoed = medinsSetlId(output.data);
    if (echoed !== undefined && echoed !== msgid) {
      return unknown(
        'CENTER_RESPONSE_MISMATCH',
        `medins_setl_id ${echoed} is not this msgid`,
        `medins_setl_id ${echoed} 不是本报文ID`,
      );
    }
  }
  return {
    ok: true,
    outcome: 'ok',
    infno,
    msgid,
    value: output.data as OutputOf<K>,
    warn_msg: env.warn_msg || undefined,
    response: env,
  };

  function rejected(env: ResponseEnvelope): CallOutcome<K> {
    const errMsg = env.err_msg ?? '';
    return {
      ok: false,
      outcome: 'rejected',
      infno,
      msgid,
      infcode: env.infcode,
      err_msg: errMsg,
      response: env,
      error: centerError('CENTER_REJECTED', { en: errMsg, zh: errMsg }, { infcode: env.infcode }),
    };
  }
}

function medinsSetlId(output: unknown): string | undefined {
  if (output === null || typeof output !== 'object' || !('setlinfo' in output)) return undefined;
  const setlinfo: unknown = output.setlinfo;
  if (setlinfo === null || typeof setlinfo !== 'object' || !('medins_setl_id' in setlinfo)) return undefined;
  const id: unknown = setlinfo.medins_setl_id;
  return typeof id === 'string' && id !== '' ? id : undefined;
}
