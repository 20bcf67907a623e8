import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSmartcardBinding } from '../../../electron/card/smartcard-binding.js';
import { ReaderSupervisor } from '../../../electron/card/supervisor.js';
import {
  CardHost,
  EventLog,
  READER_A,
  lockPcsc,
  pcscAvailability,
  skipNotice,
  startPcscd,
  stopPcscd,
} from './pcsc-rig.js';

const availability = await pcscAvailability();
if (!availability.ok) skipNotice('pcscd restart while the supervisor runs', availability.reason);

describe.skipIf(!availability.ok)('pcscd killed and restarted while the supervisor runs', () => {
  let unlock: () => void = () => undefined;
  let host: CardHost;
  let supervisor: ReaderSupervisor | undefined;

  beforeAll(async () => {
    unlock = await lockPcsc();
    host = await CardHost.start();
  });

  afterAll(async () => {
    // Whatever happened above, later suites need a running pcscd.
    startPcscd();
    await supervisor?.stop();
    await host.pull(READER_A).catch((e: unknown) => {
      console.warn(`cleanup: ${e instanceof Error ? e.message : String(e)}`);
    });
    await host.close();
    unlock();
  });

  it('reports the service down, reconnects by itself, and reads the card again', async () => {
    const log = new EventLog();
    supervisor = new ReaderSupervisor({
      binding: await loadSmartcardBinding(),
      today: () => '2025-06-01',
      reader: READER_A.name,
      retryMs: 200,
    });
    supervisor.on(log.listener);
    supervisor.start();
    await host.insert(READER_A, 'ouyang-2g');
    expect((await log.waitFor('card-read')).card.name).toBe('欧阳华');

    log.checkpoint();
    stopPcscd('KILL');
    const down = await log.waitFor('service-down');
    expect(down.error.code).toBe('PCSC_SERVICE_DOWN');
    expect(log.recent().map((e) => e.type)).toEqual([
      'card-removed',
      'reader-detached',
      'reader-detached',
      'service-down',
    ]);
    // Down for a while: no flood of events, the supervisor just keeps trying.
    await new Promise((r) => setTimeout(r, 1000));
    expect(log.recent().filter((e) => e.type === 'service-down')).toHaveLength(1);

    log.checkpoint();
    startPcscd();
    await log.waitFor('service-up');
    // The virtual card reconnects to the new vpcd on its own, like a card left in its reader.
    const again = await log.waitFor('card-read', () => true, 20_000);
    expect(again).toMatchObject({
      reader: READER_A.name,
      card: { name: '欧阳华', card_sn: '440300D15600000512A4C3E9F0017B26' },
    });
    expect(log.recent().map((e) => e.type)).toContain('reader-attached');
  }, 60_000);
});
