/**
 * The simulated center's message handling, without HTTP: one request body in, one response
 * envelope out. It checks the envelope, answers a repeated msgid with the stored answer (or
 * refuses it when the payload differs), refuses a msgid reversed before it arrived, checks the
 * sign-in, then runs the transaction's handler and stores its answer in the same transaction.
 */
import { firstIssue, requestEnvelopeSchema } from '../envelope.js';
import { formatCompactTime, formatMillisTime } from '../time.js';
import { isInfno, type Infno } from '../transactions.js';
import { payloadHash } from './canonical.js';
import type { SimConfig } from './config.js';
import { handleCancel, handleReversal } from './correct-handler.js';
import type { HandlerContext, HandlerResult } from './handler.js';
import {
  handleCumulative,
  handleDailyTotals,
  handlePersonInfo,
  handleSettlementQuery,
  handleSignIn,
  handleVisitQuery,
} from './query-handler.js';
import { handleSettle } from './settle-handler.js';
import type { SimStore } from './store.js';

/** What the center answers to one request. */
export type CenterReply = {
  /** The response envelope as JSON text. */
  body: string;
  /** The request's msgid when the envelope had a readable one. */
  msgid: string | undefined;
  infcode: number;
  /** Whether this request changed the ledger (false for a replayed answer). */
  committed: boolean;
  /** Whether the answer was replayed from an earlier identical message. */
  replayed: boolean;
};

const HANDLERS: Record<Infno, (ctx: HandlerContext) => HandlerResult> = {
  '9001': handleSignIn,
  '1101': handlePersonInfo,
  '2206': (ctx) => handleSettle(ctx, '2206'),
  '2207': (ctx) => handleSettle(ctx, '2207'),
  '2101': (ctx) => handleSettle(ctx, '2101'),
  '2102': (ctx) => handleSettle(ctx, '2102'),
  '2208': (ctx) => handleCancel(ctx, '2208'),
  '2303': (ctx) => handleSettle(ctx, '2303'),
  '2304': (ctx) => handleSettle(ctx, '2304'),
  '2305': (ctx) => handleCancel(ctx, '2305'),
  '2601': handleReversal,
  '3201': handleDailyTotals,
  '5201': handleVisitQuery,
  '5203': handleSettlementQuery,
  '5206': handleCumulative,
};

/** The simulated center over a store. */
export function createSimCenter(store: SimStore, config: SimConfig, clock: () => Date) {
  function envelopeOf(received: Date, result: HandlerResult): Record<string, unknown> {
    const serial = String(store.nextSerial('inf_refmsgid')).padStart(10, '0');
    return {
      infcode: result.ok ? 0 : -1,
      inf_refmsgid: `${config.admdvs}${formatCompactTime(received)}${serial}`,
      refmsg_time: formatMillisTime(received),
      respond_time: formatMillisTime(clock()),
      err_msg: result.ok ? '' : result.err_msg,
      warn_msg: result.ok ? (result.warn_msg ?? '') : '',
      output: result.ok ? result.output : {},
    };
  }

  /** A refusal outside any transaction's handler: not stored, so a corrected resend is handled. */
  function envelopeRefusal(received: Date, msgid: string | undefined, zh: string, en: string): CenterReply {
    const env = envelopeOf(received, { ok: false, err_msg: `${zh} (${en})` });
    return { body: JSON.stringify(env), msgid, infcode: -1, committed: false, replayed: false };
  }

  /** Handles one request body sent to `urlInfno` (the infno at the end of the URL, if any). */
  function handle(body: string, urlInfno: string | undefined, drift: string): CenterReply {
    const received = clock();
    let raw: unknown;
    try {
      raw = JSON.parse(body);
    } catch {
      // Answered below as a refusal: the sender learns its message was not JSON.
      return envelopeRefusal(received, undefined, '报文不是有效的 JSON', 'the message is not JSON');
    }
    const parsed = requestEnvelopeSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = firstIssue(parsed.error);
      return envelopeRefusal(
        received,
        undefined,
        `报文信封不符合接口规范：${issue.path} ${issue.message}`,
        `bad envelope: ${issue.path} ${issue.message}`,
      );
    }
    const env = parsed.data;
    if (urlInfno !== undefined && urlInfno !== env.infno) {
      return envelopeRefusal(
        received,
        env.msgid,
        `地址中的交易编号 ${urlInfno} 与报文 ${env.infno} 不符`,
        `URL infno ${urlInfno} ≠ envelope infno ${env.infno}`,
      );
    }
    const infno = env.infno;
    if (!isInfno(infno))
      return envelopeRefusal(received, env.msgid, `不支持的交易编号 ${infno}`, `unsupported infno ${infno}`);

    const hash = payloadHash(env);
    return store.transaction((): CenterReply => {
      const earlier = store.message(env.msgid);
      if (earlier) {
        if (earlier.payload_hash === hash && earlier.infno === infno) {
          const infcode = Number((JSON.parse(earlier.response) as { infcode?: unknown }).infcode);
          return { body: earlier.response, msgid: env.msgid, infcode, committed: false, replayed: true };
        }
        return envelopeRefusal(
          received,
          env.msgid,
          `报文ID ${env.msgid} 已使用，且本次报文内容不同，拒绝受理`,
          `msgid ${env.msgid} was already used for a different message`,
        );
      }
      if (store.isTombstoned(env.msgid)) {
        return envelopeRefusal(
          received,
          env.msgid,
          `报文ID ${env.msgid} 已被冲正，不再受理`,
          `msgid ${env.msgid} was reversed before it arrived`,
        );
      }
      if (config.requireSignIn && infno !== '9001') {
        const signedBy = env.sign_no ? store.signInInstitution(env.sign_no) : undefined;
        if (signedBy !== env.fixmedins_code) {
          return envelopeRefusal(
            received,
            env.msgid,
            '未签到或签到编号无效，请先签到（9001）',
            'not signed in: send 9001 first',
          );
        }
      }
      const result = HANDLERS[infno]({ store, config, env, now: received, drift });
      const envelope = envelopeOf(received, result);
      const text = JSON.stringify(envelope);
      store.saveMessage({
        msgid: env.msgid,
        infno,
        payload_hash: hash,
        fixmedins_code: env.fixmedins_code,
        response: text,
        received_at: formatMillisTime(received),
      });
      return {
        body: text,
        msgid: env.msgid,
        infcode: result.ok ? 0 : -1,
        committed: result.ok && result.committed,
        replayed: false,
      };
    });
  }

  return { handle };
}

/** The simulated center. */
export type SimCenter = ReturnType<typeof createSimCenter>;
