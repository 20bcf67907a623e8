import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadSmartcardBinding } from '../../../electron/card/smartcard-binding.js';
import { ReaderSupervisor, type SupervisorOptions } from '../../../electron/card/supervisor.js';
import { CardHost, EventLog, READER_A, lockPcsc, pcscAvailability, skipNotice } from './pcsc-rig.js';

const availability = await pcscAvailability();
if (!availability.ok) skipNotice('card removal and hung cards through pcscd', availability.reason);

describe.skipIf(!availability.ok)(
  'cards pulled mid-read and cards that stop answering, through pcscd',
  () => {
    let unlock: () => void = () => undefined;
    let host: CardHost;
    let supervisor: ReaderSupervisor | undefined;

    async function start(options: Partial<SupervisorOptions> = {}): Promise<EventLog> {
      const log = new EventLog();
      supervisor = new ReaderSupervisor({
        binding: await loadSmartcardBinding(),
        today: () => '2025-06-01',
        reader: READER_A.name,
        ...options,
      });
      supervisor.on(log.listener);
      supervisor.start();
      await supervisor.whenScanned();
      return log;
    }

    beforeAll(async () => {
      unlock = await lockPcsc();
      host = await CardHost.start();
    });

    afterEach(async () => {
      await supervisor?.stop();
      supervisor = undefined;
      await host.pull(READER_A);
    });

    afterAll(async () => {
      await host.close();
      unlock();
    });

    it('reports a card that leaves after 7 APDUs as CARD_REMOVED, with no partial record', async () => {
      const log = await start();
      await host.insert(READER_A, 'ouyang-2g', ['remove-after:7']);
      const error = await log.waitFor('card-error');
      expect(error.error.code).toBe('CARD_REMOVED');
      expect(error.error.zh).toContain('拔出');
      await log.waitFor('card-removed');
      expect(log.events.some((e) => e.type === 'card-read')).toBe(false);
    }, 30_000);

    it('reports a card pulled by hand in the middle of a read as CARD_REMOVED', async () => {
      const log = await start();
      await host.insert(READER_A, 'maimaiti-2g');
      await log.waitFor('card-inserted');
      // About a third of the way through the ~1 s read.
      await new Promise((r) => setTimeout(r, 300));
      await host.pull(READER_A);
      expect((await log.waitFor('card-error')).error.code).toBe('CARD_REMOVED');
      expect(log.events.some((e) => e.type === 'card-read')).toBe(false);
      // The next patient's card reads normally.
      log.checkpoint();
      await host.insert(READER_A, 'chen-2g');
      expect((await log.waitFor('card-read')).card.name).toBe('陈晓敏');
    }, 30_000);

    it('gives up on a hung card after the APDU timeout without freezing the process', async () => {
      const log = await start({ apduTimeoutMs: 1000 });
      let ticks = 0;
      const ticker = setInterval(() => (ticks += 1), 50);
      await host.insert(READER_A, 'ouyang-2g', ['mute-after:4']);
      const error = await log.waitFor('card-error');
      clearInterval(ticker);
      expect(error.error.code, JSON.stringify(error.error)).toBe('CARD_TIMEOUT');
      // The event loop kept turning while the card said nothing (≥ ~1 s of 50 ms ticks).
      expect(ticks).toBeGreaterThan(15);
      await host.pull(READER_A);
      await log.waitFor('card-removed');
      log.checkpoint();
      await host.insert(READER_A, 'ouyang-2g');
      expect((await log.waitFor('card-read')).card.name).toBe('欧阳华');
    }, 30_000);
  },
);
