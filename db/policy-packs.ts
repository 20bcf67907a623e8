/**
 * The policy packs in use: validated by the engine's own `parsePolicy` when activated and again
 * when read back, so the store never hands the engine a policy it would reject.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { z } from 'zod';
import { parsePolicy, type Policy, type PolicyResolver } from '../settlement/index.js';
import { appendAudit } from './audit.js';
import { canonicalJson, sha256Hex } from './canonical-json.js';
import { StoreError, storeError } from './errors.js';
import { parseRow } from './json-schemas.js';
import { stmt } from './statements.js';

function validate(raw: unknown, where: string): Policy {
  const parsed = parsePolicy(raw);
  if (!parsed.ok) {
    throw new StoreError(
      'INVALID_POLICY_PACK',
      { en: `${where}: ${parsed.error.en}`, zh: `${where}：${parsed.error.zh}` },
      { details: parsed.error },
    );
  }
  return parsed.value;
}

/** Validates and stores (or replaces) a policy pack, recording when it became active. */
export function activatePolicyPack(
  db: BetterSqlite3.Database,
  input: { pack: unknown; actor: string },
  now: Date,
): { id: string; sha256: string } {
  const policy = validate(input.pack, 'policy pack');
  const json = canonicalJson(input.pack);
  const hash = sha256Hex(json);
  return db
    .transaction(() => {
      stmt(
        db,
        `INSERT INTO policy_packs (id, json, sha256, activated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET json = excluded.json, sha256 = excluded.sha256, activated_at = excluded.activated_at`,
      ).run(policy.id, json, hash, now.toISOString());
      appendAudit(
        db,
        {
          actor: input.actor,
          action: 'policy_pack.activated',
          entity: 'policy_pack',
          entityId: policy.id,
          details: { sha256: hash },
        },
        now,
      );
      return { id: policy.id, sha256: hash };
    })
    .immediate();
}

const packRow = z.object({ id: z.string(), json: z.string(), sha256: z.string(), activated_at: z.string() });

/** The raw JSON of an active pack (as the engine's PolicyResolver wants it), or undefined. */
export function getPolicyPackRaw(db: BetterSqlite3.Database, id: string): unknown {
  const raw = stmt(db, 'SELECT id, json, sha256, activated_at FROM policy_packs WHERE id = ?').get(id);
  if (raw === undefined) return undefined;
  const row = parseRow(packRow, raw, `policy pack ${id}`);
  if (sha256Hex(row.json) !== row.sha256) throw storeError('CORRUPT_ROW', `policy pack ${id}: hash differs`);
  const value: unknown = JSON.parse(row.json);
  validate(value, `policy pack ${id}`);
  return value;
}

/** An engine PolicyResolver over the stored packs, falling back to another (e.g. the bundled ones). */
export function storePolicyResolver(db: BetterSqlite3.Database, fallback?: PolicyResolver): PolicyResolver {
  return (id) => getPolicyPackRaw(db, id) ?? fallback?.(id);
}

/** The ids and activation times of every stored pack. */
export function listPolicyPacks(
  db: BetterSqlite3.Database,
): { id: string; sha256: string; activated_at: string }[] {
  return stmt(db, 'SELECT id, sha256, activated_at FROM policy_packs ORDER BY id')
    .all()
    .map((r) => parseRow(packRow.omit({ json: true }), r, 'policy pack'));
}
