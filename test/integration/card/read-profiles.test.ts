import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PROFILES, findProfile } from '../../../electron/card/profiles.js';
import { TestKeyAuthenticator } from '../../../electron/card/psam.js';
import { loadSmartcardBinding } from '../../../electron/card/smartcard-binding.js';
import { ReaderSupervisor } from '../../../electron/card/supervisor.js';
import { CardHost, EventLog, READER_A, lockPcsc, pcscAvailability, skipNotice } from './pcsc-rig.js';

const availability = await pcscAvailability();
if (!availability.ok) skipNotice('card read through pcscd', availability.reason);

describe.skipIf(!availability.ok)('every virtual card profile read through the real pcscd', () => {
  let unlock: () => void = () => undefined;
  let host: CardHost;
  const supervisors: ReaderSupervisor[] = [];

  async function supervisor(options: { psam?: boolean; autoGetResponse?: boolean } = {}): Promise<EventLog> {
    const log = new EventLog();
    const s = new ReaderSupervisor({
      binding: await loadSmartcardBinding({ autoGetResponse: options.autoGetResponse }),
      today: () => '2025-06-01',
      reader: READER_A.name,
      authenticator: options.psam ? new TestKeyAuthenticator() : undefined,
    });
    s.on(log.listener);
    s.start();
    await s.whenScanned();
    supervisors.push(s);
    return log;
  }

  /** A cashier's turn: the card goes in, is read, comes out. */
  async function turn(log: EventLog, profile: string, faults: string[] = []) {
    log.checkpoint();
    await host.insert(READER_A, profile, faults);
    const outcome = await Promise.race([log.waitFor('card-read'), log.waitFor('card-error')]);
    await host.pull(READER_A);
    await log.waitFor('card-removed');
    return outcome;
  }

  beforeAll(async () => {
    unlock = await lockPcsc();
    host = await CardHost.start();
  });

  afterEach(async () => {
    for (const s of supervisors.splice(0)) await s.stop();
  });

  afterAll(async () => {
    await host.close();
    unlock();
  });

  it('reads each profile whole, with a test-key PSAM for the 3rd-generation cards', async () => {
    const log = await supervisor({ psam: true });
    for (const p of PROFILES) {
      const e = await turn(log, p.id);
      expect(e.type, p.id).toBe('card-read');
      if (e.type !== 'card-read') continue;
      expect(e.reader).toBe(READER_A.name);
      expect(e.card).toMatchObject({
        atr: p.atr,
        card_sn: p.ef05.card_sn,
        region: p.ef05.card_sn.slice(0, 6),
        spec_version: p.ef05.spec_version,
        card_no: p.ef05.card_no,
        ssn: p.ef06.ssn,
        name: p.ef06.name,
        gender: p.ef06.gender,
        ethnicity: p.ef06.ethnicity,
        birthplace: p.ef06.birthplace,
        birth_date: `${p.ef06.birth_date.slice(0, 4)}-${p.ef06.birth_date.slice(4, 6)}-${p.ef06.birth_date.slice(6)}`,
        needs_psam: false,
      });
    }
  }, 90_000);

  it('reports needs_psam for 3rd-generation cards without a PSAM, with what they give freely', async () => {
    const log = await supervisor();
    const zhang = await turn(log, 'zhang-3g');
    expect(zhang).toMatchObject({
      type: 'card-read',
      apdus: 12,
      card: {
        card_sn: '330300D15600000599110145FFFFFFFF',
        spec_version: '3.00',
        valid_to: '2031-12-02',
        card_no: null,
        ssn: null,
        name: null,
        needs_psam: true,
      },
    });
    const li = await turn(log, 'li-3g');
    expect(li).toMatchObject({
      type: 'card-read',
      card: { card_no: findProfile('li-3g')!.ef05.card_no, ssn: null, needs_psam: true },
    });
  }, 60_000);

  it('reads the same card when the binding does T=0 itself (smartcard autoGetResponse)', async () => {
    const log = await supervisor({ autoGetResponse: true });
    const e = await turn(log, 'zhao-1g');
    expect(e).toMatchObject({ type: 'card-read', card: { name: '赵敏', generation: 1 } });
  }, 30_000);

  it('survives a garbled card, a too-long record, a locked and a foreign card, then reads a good one', async () => {
    const log = await supervisor();
    expect(await turn(log, 'ouyang-2g', ['garbled-tlv'])).toMatchObject({
      type: 'card-error',
      error: { code: 'CARD_DATA_INVALID', details: { tag: '09' } },
    });
    expect(await turn(log, 'ouyang-2g', ['wrong-length'])).toMatchObject({
      type: 'card-error',
      error: { code: 'CARD_DATA_INVALID', details: { tag: '08' } },
    });
    expect(await turn(log, 'ouyang-2g', ['locked'])).toMatchObject({
      type: 'card-error',
      error: { code: 'CARD_APP_LOCKED' },
    });
    expect(await turn(log, 'ouyang-2g', ['not-found'])).toMatchObject({
      type: 'card-error',
      error: { code: 'CARD_NOT_SSC' },
    });
    expect(await turn(log, 'ouyang-2g', ['expired'])).toMatchObject({
      type: 'card-read',
      card: { valid_to: '2024-01-01', expired: true },
    });
    expect(await turn(log, 'chen-2g')).toMatchObject({ type: 'card-read', card: { name: '陈晓敏' } });
    expect(log.events.filter((e) => e.type === 'service-down')).toHaveLength(0);
  }, 60_000);
});
