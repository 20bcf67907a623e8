/** Test support for the store: a temp file per test, a key file beside it, a real engine result. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { settle, type SettlementResult } from '../../../settlement/index.js';
import { openStore, type Store } from '../../../db/store.js';
import { fileKeyProvider } from '../../../db/key-provider.js';
import type { NewSettlement } from '../../../db/settlements.js';

export type Json = Record<string, unknown>;

export const FIXMEDINS = 'H33020000001';
export const T0 = new Date('2025-03-01T02:03:04.000Z'); // 2025-03-01 10:03:04 Beijing time

/** A fresh temporary directory; call the returned cleanup when done. */
export function tempDir(prefix = 'medsettle-db-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return {
    dir,
    cleanup: () => {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A store on a fresh temp file with its own 0600 key file. */
export function tempStore(): {
  store: Store;
  file: string;
  keyFile: string;
  dir: string;
  cleanup: () => void;
} {
  const t = tempDir();
  const file = path.join(t.dir, 'store.sqlite');
  const keyFile = path.join(t.dir, 'keys', 'data.key');
  const store = openStore(file, fileKeyProvider(keyFile));
  return {
    store,
    file,
    keyFile,
    dir: t.dir,
    cleanup: () => {
      if (store.db.open) store.db.close();
      t.cleanup();
    },
  };
}

/** A realistic request for the bundled demo pack (Ningbo resident inpatient) with `lines` fee lines. */
export function demoRequest(lines = 10): Json {
  const items = Array.from({ length: lines }, (_, i) => ({
    feedetl_sn: String(i + 1),
    med_list_codg: `XA10BA${String(i).padStart(4, '0')}`,
    name: `药品${i + 1}`,
    pric: `${12 + i}.35`,
    cnt: String((i % 3) + 1),
    chrgitm_lv: i % 4 === 3 ? '03' : i % 2 === 0 ? '01' : '02',
    selfpay_prop: i % 2 === 0 ? '0' : '0.10',
  }));
  return {
    policyRef: 'demo-330200-2025-390',
    person: {
      psn_no: '33020000000000000001',
      insutype: '390',
      psn_type: 'resident_adult',
      age: 59,
      insuplc_admdvs: '330200',
      psn_insu_stas: '1',
      acct_balance: '100.00',
    },
    encounter: {
      med_type: '21',
      mdtrtarea_admvs: '330200',
      fixmedins_code: FIXMEDINS,
      hosp_lv: '3',
      date: '2025-03-01',
      acct_used_flag: '1',
    },
    items,
  };
}

/** Settles a request with the real engine; fails the test if the engine refuses it. */
export function settleOrThrow(request: Json): SettlementResult {
  const outcome = settle(request);
  if (!outcome.ok) throw new Error(`engine refused the fixture: ${outcome.error.en}`);
  return outcome.value;
}

/** A complete NewSettlement (offline provisional by default) for a demo request. */
export function newSettlement(overrides: Partial<NewSettlement> = {}, lines = 10): NewSettlement {
  const request = demoRequest(lines);
  const result = settleOrThrow(request);
  return {
    state: 'provisional',
    fixmedinsCode: FIXMEDINS,
    infno: '2207',
    actor: 'op1',
    request,
    result,
    person: { psn_name: '欧阳娜娜', certno: '440305199001011235' },
    outbox: {
      payload: {
        psn_no: '33020000000000000001',
        mdtrt_cert_type: '02',
        mdtrt_cert_no: '440305199001011235',
        medfee_sumamt: result.setlinfo.medfee_sumamt,
      },
    },
    ...overrides,
  };
}
