import { afterEach, describe, expect, it } from 'vitest';
import path from 'node:path';
import { InProcessBinding } from '../../../electron/card/in-process-binding.js';
import { findProfile } from '../../../electron/card/profiles.js';
import { channels, DEFAULT_CONFIG, createTerminalService, loadCatalog, parseConfig, type TerminalService } from '../../../electron/service/index.js';
import { trainingEnrolments } from '../../../electron/service/enrolment.js';

const root = path.resolve(import.meta.dirname, '../../..');
const READER = 'Virtual 00';

function training(): { service: TerminalService; binding: InProcessBinding } {
  const binding = new InProcessBinding([READER]);
  const service = createTerminalService({
    config: DEFAULT_CONFIG,
    binding,
    virtualReader: { binding, reader: READER },
    catalog: loadCatalog(path.join(root, 'build/demo/catalog.csv')),
    enrolments: trainingEnrolments((id) => findProfile(id)?.ef06.ssn),
    clock: () => new Date('2026-11-28T08:00:00Z'),
  });
  return { service, binding };
}

let running: TerminalService | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

describe('terminal service in training mode', () => {
  it('starts in training mode with no configuration', () => {
    expect(DEFAULT_CONFIG.training).toBe(true);
    expect(() => parseConfig({ facility: { admdvs: '33' } })).toThrow(/facility\.admdvs/);
  });

  it('reads the virtual card and shows the patient masked, local, with the account balance', async () => {
    const { service } = training();
    running = service;
    await service.start();
    const inserted = await service.insertVirtualCard({ profileId: 'ouyang-2g' });
    expect(inserted.ok).toBe(true);
    const read = await service.readCard({ timeoutMs: 5000 });
    if (!read.ok) throw new Error(read.error.en);
    channels.readCard.output.parse(read.value);
    expect(read.value.card.ssn).toBe('440305********1235');
    expect(read.value.card.name).toBe('欧**');
    expect(read.value.insurance?.scope).toBe('local');
    expect(read.value.insurance?.acct_balance).toBe('10.00');
  });

  it('pre-settles two items: the fund pays 50% of the covered part, the account 10.00, cash the rest', async () => {
    const { service } = training();
    running = service;
    await service.start();
    await service.insertVirtualCard({ profileId: 'ouyang-2g' });
    await service.readCard({ timeoutMs: 5000 });
    const amox = await service.lookupBarcode({ barcode: '6901234500011' });
    if (!amox.ok) throw new Error(amox.error.en);
    const result = await service.preSettle({
      lines: [
        { med_list_codg: amox.value.med_list_codg, cnt: '2' },
        { med_list_codg: 'XR05DAF049A001010100002', cnt: '1' },
      ],
    });
    if (!result.ok) throw new Error(result.error.en);
    channels.preSettle.output.parse(result.value);
    // 12.50 × 2 + 8.80 = 33.80; 8.80 × 10% = 0.88 paid first by the patient; 32.92 × 50% = 16.46.
    expect(result.value.setlinfo).toMatchObject({
      medfee_sumamt: '33.80',
      inscp_scp_amt: '32.92',
      hifp_pay: '16.46',
      psn_part_amt: '17.34',
      acct_pay: '10.00',
      psn_cash_pay: '7.34',
    });
    expect(result.value.trace.length).toBeGreaterThan(0);
  });

  it('answers NO_CARD when no card is in the reader, with what to do next', async () => {
    const { service } = training();
    running = service;
    await service.start();
    const read = await service.readCard({ timeoutMs: 200 });
    expect(read.ok).toBe(false);
    if (!read.ok) {
      expect(read.error.code).toBe('NO_CARD');
      expect(read.error.next?.zh).toContain('插入');
    }
    const pre = await service.preSettle({ lines: [{ med_list_codg: 'x', cnt: '1' }] });
    expect(pre.ok ? 'ok' : pre.error.code).toBe('NO_CARD');
  });

  it('refuses to settle without a center link, saying so', async () => {
    const { service } = training();
    running = service;
    await service.start();
    const status = await service.status({});
    expect(status.ok && status.value.canSettle).toBe(false);
    const r = await service.settle({ lines: [{ med_list_codg: 'XJ01CAA040A001010100001', cnt: '1' }] });
    expect(r.ok ? 'ok' : r.error.code).toBe('SETTLE_UNAVAILABLE');
  });

  it('reports an unknown barcode as NOT_FOUND', async () => {
    const { service } = training();
    running = service;
    await service.start();
    const r = await service.lookupBarcode({ barcode: '000' });
    expect(r.ok ? 'ok' : r.error.code).toBe('NOT_FOUND');
  });
});
