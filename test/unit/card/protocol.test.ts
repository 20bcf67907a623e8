import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex, toSpacedHex } from '../../../electron/card/apdu.js';
import { CardIoError, cardError } from '../../../electron/card/errors.js';
import { findProfile, PROFILES } from '../../../electron/card/profiles.js';
import { algorithmFromFci, readCard } from '../../../electron/card/protocol.js';
import { TestKeyAuthenticator, type CardAuthenticator } from '../../../electron/card/psam.js';
import { exchange, type CardTransport } from '../../../electron/card/t0.js';
import { VirtualCard, seededRandom } from '../../../electron/card/virtual-card.js';

const TODAY = '2025-06-01';

function cardTransport(card: VirtualCard): CardTransport & { sent: string[] } {
  const sent: string[] = [];
  return {
    sent,
    transmit: (command) => {
      sent.push(toSpacedHex(command));
      const r = card.process(command);
      return r.type === 'response'
        ? Promise.resolve(r.bytes)
        : Promise.reject(new CardIoError(cardError('CARD_REMOVED')));
    },
  };
}

function scripted(answers: string[]): CardTransport & { sent: string[] } {
  const sent: string[] = [];
  return {
    sent,
    transmit: (command) => {
      sent.push(toSpacedHex(command));
      const next = answers.shift();
      return next === undefined
        ? Promise.reject(new Error('script exhausted'))
        : Promise.resolve(fromHex(next));
    },
  };
}

const virtual = (id: string): VirtualCard => new VirtualCard(findProfile(id)!, { random: seededRandom(7) });

describe('T=0 exchange', () => {
  it('fetches 61xx data with GET RESPONSE and chains several 61xx answers', async () => {
    const t = scripted(['61 04', '01 02 03 04 61 02', '05 06 90 00']);
    const r = await exchange(t, fromHex('00 A4 04 00 01 AA'));
    expect(toSpacedHex(r.data)).toBe('01 02 03 04 05 06');
    expect(r.sw).toBe(0x9000);
    expect(t.sent).toEqual(['00 A4 04 00 01 AA', '00 C0 00 00 04', '00 C0 00 00 02']);
  });

  it('resends with Le = xx on 6Cxx', async () => {
    const t = scripted(['6C 16', '09 14' + ' 00'.repeat(20) + ' 90 00']);
    const r = await exchange(t, fromHex('00 B2 09 00 20'));
    expect(r.data.length).toBe(22);
    expect(t.sent).toEqual(['00 B2 09 00 20', '00 B2 09 00 16']);
  });

  it('leaves 61xx data unfetched when told to (SELECT EF: the FCP is of no use)', async () => {
    const t = scripted(['61 09']);
    expect((await exchange(t, fromHex('00 A4 02 00 02 EF 05'), 'ignore')).sw).toBe(0x6109);
    expect(t.sent).toHaveLength(1);
  });

  it('gives up on a card that answers 61xx forever', async () => {
    const t = scripted(Array<string>(20).fill('61 01'));
    await expect(exchange(t, fromHex('00 A4 04 00 01 AA'))).rejects.toMatchObject({ code: 'CARD_IO_ERROR' });
    expect(t.sent.length).toBeLessThanOrEqual(8);
  });

  it('takes a response shorter than a status word as an I/O failure', async () => {
    await expect(exchange(scripted(['']), fromHex('00 B2 01 00 12'))).rejects.toMatchObject({
      code: 'CARD_IO_ERROR',
    });
  });
});

describe('readCard', () => {
  it.each(PROFILES.map((p) => [p.id]))('reads profile %s through its virtual card', async (id) => {
    const profile = findProfile(id)!;
    const result = await readCard(cardTransport(virtual(id)), {
      today: TODAY,
      authenticator: new TestKeyAuthenticator(),
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toMatchObject({
      card_sn: profile.ef05.card_sn,
      region: profile.ef05.card_sn.slice(0, 6),
      spec_version: profile.ef05.spec_version,
      card_no: profile.ef05.card_no,
      ssn: profile.ef06.ssn,
      name: profile.ef06.name,
      gender: profile.ef06.gender,
      ethnicity: profile.ef06.ethnicity,
      birthplace: profile.ef06.birthplace,
      needs_psam: false,
    });
  });

  it('flags a card expired only after its valid_to day (the injected today decides)', async () => {
    const read = (today: string) => readCard(cardTransport(virtual('ouyang-2g')), { today });
    expect(await read('2029-06-18')).toMatchObject({ ok: true, value: { expired: false } });
    expect(await read('2029-06-19')).toMatchObject({ ok: true, value: { expired: true } });
  });

  it('refuses a "today" that is not a date: that is a programming error, not a card error', async () => {
    await expect(readCard(cardTransport(virtual('ouyang-2g')), { today: '01/06/2025' })).rejects.toThrow(
      /YYYY-MM-DD/,
    );
  });

  it('takes the algorithm id from FCI 9F0C 86 01 xx, and 01 without the tag', () => {
    expect(
      algorithmFromFci(
        fromHex('6F 19 84 0F 73 78 31 2E 73 68 2E C9 E7 BB E1 B1 A3 D5 CF A5 06 9F 0C 03 86 01 03'),
      ),
    ).toBe('03');
    expect(algorithmFromFci(fromHex('6F 11 84 0F 73 78 31 2E 73 68 2E C9 E7 BB E1 B1 A3 D5 CF'))).toBe('01');
    expect(algorithmFromFci(fromHex('9F 0C'))).toBe('01');
  });

  it('never throws and never returns half a card, whatever the card answers', async () => {
    const answer = fc.uint8Array({ minLength: 0, maxLength: 40 });
    await fc.assert(
      fc.asyncProperty(fc.array(answer, { minLength: 1, maxLength: 40 }), async (answers) => {
        let i = 0;
        const t: CardTransport = {
          transmit: () => Promise.resolve(answers[i++ % answers.length] ?? new Uint8Array(0)),
        };
        const r = await readCard(t, { today: TODAY });
        if (r.ok) {
          expect(r.value.card_sn).toMatch(/^[0-9A-F]{32}$/);
          expect(r.value.issue_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        } else {
          expect(r.error.code).toMatch(/^[A-Z_]+$/);
          expect(r.error.zh.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('survives single-byte corruption of every answer of a real read', async () => {
    const clean = cardTransport(virtual('maimaiti-2g'));
    await readCard(clean, { today: TODAY });
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: 17 }),
        fc.nat({ max: 40 }),
        fc.integer({ min: 1, max: 255 }),
        async (which, at, xor) => {
          const card = virtual('maimaiti-2g');
          let n = 0;
          const t: CardTransport = {
            transmit: (command) => {
              const r = card.process(command);
              if (r.type !== 'response') return Promise.reject(new Error(r.type));
              const bytes = Uint8Array.from(r.bytes);
              if (n++ === which && at < bytes.length) bytes[at] = (bytes[at] ?? 0) ^ xor;
              return Promise.resolve(bytes);
            },
          };
          const result = await readCard(t, { today: TODAY });
          expect(typeof result.ok).toBe('boolean');
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('3rd-generation authentication', () => {
  it('runs GET CHALLENGE ×2, INTERNAL AUTHENTICATE, GET CHALLENGE ×2, EXTERNAL AUTHENTICATE 0A, then reads EF06', async () => {
    const t = cardTransport(virtual('zhang-3g'));
    const r = await readCard(t, { today: TODAY, authenticator: new TestKeyAuthenticator() });
    expect(r.ok).toBe(true);
    const heads = t.sent.map((c) => c.slice(0, 11));
    const start = heads.indexOf('00 84 00 00');
    expect(heads.slice(start, start + 8)).toEqual([
      '00 84 00 00',
      '00 84 00 00',
      '00 88 00 00',
      '00 C0 00 00',
      '00 84 00 00',
      '00 84 00 00',
      '00 82 00 0A',
      '00 B2 07 00',
    ]);
  });

  it('does not authenticate a 2nd-generation card that gives everything freely', async () => {
    const t = cardTransport(virtual('ouyang-2g'));
    await readCard(t, { today: TODAY, authenticator: new TestKeyAuthenticator() });
    expect(t.sent.some((c) => c.startsWith('00 84'))).toBe(false);
  });

  it('tells the card from a PSAM with other keys: CARD_NOT_GENUINE after INTERNAL AUTHENTICATE', async () => {
    const wrong = new TestKeyAuthenticator({
      internal: new Uint8Array(16).fill(1),
      external: new Uint8Array(16).fill(2),
    });
    // The internal check comes first and already tells the card apart from this PSAM's keys.
    const r = await readCard(cardTransport(virtual('zhang-3g')), { today: TODAY, authenticator: wrong });
    expect(!r.ok && r.error.code).toBe('CARD_NOT_GENUINE');
  });

  it('reports the EXTERNAL AUTHENTICATE status with tries left when only the external key is wrong', async () => {
    const right = new TestKeyAuthenticator();
    const half: CardAuthenticator = {
      kind: 'test-key/wrong-external',
      internalAnswer: (c, d) => right.internalAnswer(c, d),
      externalCryptogram: () => Promise.resolve(new Uint8Array(16)),
    };
    const card = virtual('zhang-3g');
    const r1 = await readCard(cardTransport(card), { today: TODAY, authenticator: half });
    expect(!r1.ok && r1.error).toMatchObject({ code: 'CARD_AUTH_FAILED', details: { sw: '63C2' } });
    await readCard(cardTransport(card), { today: TODAY, authenticator: half });
    const r3 = await readCard(cardTransport(card), { today: TODAY, authenticator: half });
    expect(!r3.ok && r3.error.code).toBe('CARD_AUTH_BLOCKED');
    // Blocked is blocked, even for the right keys.
    const r4 = await readCard(cardTransport(card), { today: TODAY, authenticator: right });
    expect(!r4.ok && r4.error.code).toBe('CARD_AUTH_BLOCKED');
  });

  it('reports PSAM_UNAVAILABLE when the key service fails, naming it', async () => {
    const down: CardAuthenticator = {
      kind: 'key-service:gd',
      internalAnswer: () => Promise.reject(new Error('connect ECONNREFUSED 10.0.0.5:7001')),
      externalCryptogram: () => Promise.reject(new Error('unreachable')),
    };
    const r = await readCard(cardTransport(virtual('li-3g')), { today: TODAY, authenticator: down });
    expect(!r.ok && r.error.code).toBe('PSAM_UNAVAILABLE');
    expect(!r.ok && r.error.en).toContain('key-service:gd');
  });

  it('reports PSAM_UNAVAILABLE when the PSAM answers the wrong number of bytes', async () => {
    const odd: CardAuthenticator = {
      kind: 'psam:slot1',
      internalAnswer: () => Promise.resolve(new Uint8Array(4)),
      externalCryptogram: () => Promise.resolve(new Uint8Array(16)),
    };
    const r = await readCard(cardTransport(virtual('li-3g')), { today: TODAY, authenticator: odd });
    expect(!r.ok && r.error.code).toBe('PSAM_UNAVAILABLE');
  });
});
