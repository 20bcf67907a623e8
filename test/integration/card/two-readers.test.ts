import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadSmartcardBinding } from '../../../electron/card/smartcard-binding.js';
import { ReaderSupervisor } from '../../../electron/card/supervisor.js';
import {
  CardHost,
  EventLog,
  READER_A,
  READER_B,
  lockPcsc,
  pcscAvailability,
  skipNotice,
} from './pcsc-rig.js';

const availability = await pcscAvailability();
if (!availability.ok) skipNotice('two cards in two readers through pcscd', availability.reason);

describe.skipIf(!availability.ok)('two cards in two vpcd readers', () => {
  let unlock: () => void = () => undefined;
  let host: CardHost;
  let supervisor: ReaderSupervisor | undefined;

  async function start(reader?: string): Promise<EventLog> {
    const log = new EventLog();
    supervisor = new ReaderSupervisor({
      binding: await loadSmartcardBinding(),
      today: () => '2025-06-01',
      reader,
    });
    supervisor.on(log.listener);
    supervisor.start();
    return log;
  }

  beforeAll(async () => {
    unlock = await lockPcsc();
    host = await CardHost.start();
    await host.insert(READER_A, 'ouyang-2g');
    await host.insert(READER_B, 'chen-2g');
  });

  afterEach(async () => {
    await supervisor?.stop();
    supervisor = undefined;
  });

  afterAll(async () => {
    await host.pull(READER_A);
    await host.pull(READER_B);
    await host.close();
    unlock();
  });

  it('reads the configured reader and leaves the other card alone', async () => {
    const log = await start(READER_B.name);
    const read = await log.waitFor('card-read');
    expect(read).toMatchObject({ reader: READER_B.name, card: { name: '陈晓敏' } });
    await new Promise((r) => setTimeout(r, 300));
    expect(
      log.events
        .filter((e) => e.type === 'card-inserted')
        .map((e) => e.reader)
        .sort(),
    ).toEqual([READER_A.name, READER_B.name]);
    expect(log.events.filter((e) => e.type === 'card-read')).toHaveLength(1);
  }, 30_000);

  it('without a configured reader, reads the first reader with a card, and only that one', async () => {
    const log = await start();
    expect(await log.waitFor('card-read')).toMatchObject({ reader: READER_A.name, card: { name: '欧阳华' } });
    await new Promise((r) => setTimeout(r, 300));
    expect(log.events.filter((e) => e.type === 'card-read')).toHaveLength(1);
  }, 30_000);

  it('keeps reading the configured reader when the other one has a new card', async () => {
    const log = await start(READER_A.name);
    await log.waitFor('card-read');
    log.checkpoint();
    await host.pull(READER_B);
    await host.insert(READER_B, 'maimaiti-2g');
    await log.waitFor('card-inserted', (e) => e.reader === READER_B.name);
    await new Promise((r) => setTimeout(r, 300));
    expect(log.recent().filter((e) => e.type === 'card-read')).toHaveLength(0);
  }, 30_000);
});
