/**
 * Recording the center's settlement answer as final: the contract identities are checked on it
 * and it is compared with the local estimate; disagreements are flagged (an audit row the status
 * counts), never corrected — the center's amounts are the authority (domain.md §6.6). A
 * provisional settlement whose cash share differs gets its adjustment in the same transaction.
 */
import { appendAudit } from '../../db/audit.js';
import type { JsonObject } from '../../db/json-schemas.js';
import { z } from 'zod';
import { parseStoredJson } from '../../db/json-schemas.js';
import { recordCenterSettlement } from '../../db/settlements.js';
import { stmt } from '../../db/statements.js';
import type { Store } from '../../db/store.js';
import { checkCenterSettlement, type SettlementCheck } from '../center/identities.js';
import type { Setldetail, Setlinfo } from '../center/tx-settle.js';

/** The audit action of a center answer that breaks an identity or differs from the local estimate. */
export const CENTER_CHECK_ACTION = 'settlement.center_check';

/** A settlement answer (2207/2102, or the settled row a 5203 found). */
export type SettlementAnswer = { setlinfo: Setlinfo; setldetail: readonly Setldetail[] };

/** What recording an answer did. */
export type RecordedAnswer = { adjustmentId: number | null; check: SettlementCheck };

/** A compact, personal-data-free summary of a check for the audit log. */
function checkDetails(check: SettlementCheck): Record<string, unknown> {
  return {
    violations: check.violations.map((v) => ({ identity: v.identity, lhs: v.lhs ?? null, rhs: v.rhs ?? null })),
    disagreements: check.disagreements,
  };
}

const localResultSchema = z.object({ setlinfo: z.record(z.string(), z.unknown()) });
const textSchema = z.string();

/** The local estimate's setlinfo only: the comparison reads it field by field, tolerating anything. */
function localSetlinfo(store: Store, settlementId: number): Record<string, unknown> {
  const text = textSchema.parse(stmt(store.db, 'SELECT local_result_json FROM settlements WHERE id = ?').pluck().get(settlementId));
  return parseStoredJson(localResultSchema, text, `settlement ${settlementId} local result`).setlinfo;
}

/** Records `answer` for the settlement owning outbox row `outboxId`, in one transaction. */
export function recordSettlementAnswer(
  store: Store,
  input: { settlementId: number; outboxId: number; answer: SettlementAnswer; actor: string },
  now: Date,
): RecordedAnswer {
  const local = localSetlinfo(store, input.settlementId);
  const s = input.answer.setlinfo;
  const check = checkCenterSettlement({ setlinfo: s, setldetail: input.answer.setldetail }, { local });
  const centerResult: JsonObject = { setlinfo: s, setldetail: input.answer.setldetail };
  return store.db
    .transaction((): RecordedAnswer => {
      const { adjustmentId } = recordCenterSettlement(
        store,
        {
          settlementId: input.settlementId,
          outboxId: input.outboxId,
          actor: input.actor,
          centerResult,
          medfee_sumamt: s.medfee_sumamt ?? null,
          fund_pay_sumamt: s.fund_pay_sumamt ?? null,
          acct_pay: s.acct_pay ?? null,
          psn_cash_pay: s.psn_cash_pay ?? null,
          setl_id: s.setl_id ?? null,
          mdtrt_id: s.mdtrt_id ?? null,
          clr_type: s.clr_type ?? null,
          clr_optins: s.clr_optins ?? null,
          setl_time: s.setl_time ?? null,
        },
        now,
      );
      if (!check.consistent) {
        appendAudit(
          store.db,
          { actor: input.actor, action: CENTER_CHECK_ACTION, entity: 'settlement', entityId: input.settlementId, details: checkDetails(check) },
          now,
        );
      }
      return { adjustmentId, check };
    })
    .immediate();
}
