import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { SocialSecurityCard } from '../../../electron/card/card-record.js';
import { readCard } from '../../../electron/card/protocol.js';
import { TestKeyAuthenticator } from '../../../electron/card/psam.js';
import { SCENARIOS, TRANSCRIPT_TODAY, record } from '../../transcripts/card/record.js';
import { formatExchanges, parseTranscript, replayTransport } from '../../transcripts/card/transcript.js';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../transcripts/card');
const load = (file: string): string => readFileSync(path.join(dir, `${file}.apdu`), 'utf8');

async function replay(
  file: string,
): Promise<{ result: Awaited<ReturnType<typeof readCard>>; left: number; apdus: number }> {
  const transcript = parseTranscript(load(file));
  const transport = replayTransport(transcript);
  const result = await readCard(transport, {
    today: transcript.header.today ?? TRANSCRIPT_TODAY,
    authenticator: transcript.header.psam === 'test-key' ? new TestKeyAuthenticator() : undefined,
  });
  return { result, left: transport.remaining(), apdus: transcript.exchanges.length };
}

function card(result: Awaited<ReturnType<typeof readCard>>): SocialSecurityCard {
  if (!result.ok) throw new Error(`expected a card, got ${result.error.code}: ${result.error.en}`);
  return result.value;
}

describe('recorded transcripts replayed against the protocol', () => {
  it('has a transcript for every scenario and no stray ones', () => {
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.apdu'))
      .map((f) => f.replace(/\.apdu$/, ''));
    expect(files.sort()).toEqual(SCENARIOS.map((s) => s.file).sort());
  });

  it.each(SCENARIOS.map((s) => [s.file, s] as const))(
    '%s is what the virtual card says today (re-record if not)',
    async (file, scenario) => {
      expect(formatExchanges(await record(scenario))).toBe(
        formatExchanges(parseTranscript(load(file)).exchanges),
      );
    },
  );

  it('reads a 2nd-generation card in 18 APDUs: 3 selects, 1 FCI GET RESPONSE, 14 records', async () => {
    const { result, left, apdus } = await replay('ouyang-2g');
    expect(left).toBe(0);
    expect(apdus).toBe(18);
    expect(card(result)).toEqual({
      card_sn: '440300D15600000512A4C3E9F0017B26',
      region: '440300',
      card_type: '1',
      spec_version: '2.00',
      generation: 2,
      init_org: '440300D15600000500000001',
      issue_date: '2019-06-18',
      valid_to: '2029-06-18',
      expired: false,
      card_no: 'M01234567',
      ssn: '440305197905211235',
      name: '欧阳华',
      gender: '1',
      ethnicity: '01',
      birthplace: '440305',
      birth_date: '1979-05-21',
      needs_psam: false,
      algorithm: '01',
    });
  });

  it('trims space padding and ignores an empty 4E (chen-2g)', async () => {
    const c = card((await replay('chen-2g')).result);
    expect([c.name, c.gender, c.ssn]).toEqual(['陈晓敏', '2', '440106199211024827']);
  });

  it('joins 09 and 4E into a name over 30 GBK bytes (maimaiti-2g)', async () => {
    const c = card((await replay('maimaiti-2g')).result);
    expect(c.name).toBe('买买提江·艾合买提·阿不都热合曼');
    expect(c.ethnicity).toBe('05');
  });

  it('resends READ RECORD 09 with the Le of a 6C16 answer on a 1st-generation card (zhao-1g)', async () => {
    const transcript = load('zhao-1g');
    expect(transcript).toContain('=> 00 B2 09 00 20\n<= 6C 16\n=> 00 B2 09 00 16');
    const { result, left } = await replay('zhao-1g');
    expect(left).toBe(0);
    expect(card(result)).toMatchObject({ generation: 1, spec_version: '1.00', name: '赵敏' });
  });

  it('reads what a 3rd-generation card gives freely and reports needs_psam on 6982 (zhang-3g)', async () => {
    const { result, left, apdus } = await replay('zhang-3g');
    expect(left).toBe(0);
    // Stops at the first locked EF06 record rather than asking for the rest.
    expect(apdus).toBe(12);
    expect(card(result)).toMatchObject({
      card_sn: '330300D15600000599110145FFFFFFFF',
      region: '330300',
      spec_version: '3.00',
      generation: 3,
      issue_date: '2021-12-03',
      valid_to: '2031-12-02',
      card_no: null,
      ssn: null,
      name: null,
      birth_date: null,
      needs_psam: true,
      algorithm: '03',
    });
  });

  it('keeps the card number a 3rd-generation card gives without a PSAM (li-3g)', async () => {
    const c = card((await replay('li-3g')).result);
    expect([c.card_no, c.ssn, c.needs_psam, c.algorithm]).toEqual(['H41160217', null, true, '01']);
  });

  it.each([
    ['zhang-3g-psam', '33030219900808017X', '张伟', 'Z33030217'],
    ['li-3g-psam', '41160219950214026X', '李娜', 'H41160217'],
  ])('opens a 3rd-generation card with the test-key PSAM (%s)', async (file, ssn, name, cardNo) => {
    const text = load(file);
    // The §1.4 sequence: GET CHALLENGE ×2, INTERNAL AUTHENTICATE, GET CHALLENGE ×2, EXTERNAL AUTHENTICATE 0A.
    const commands = parseTranscript(text).exchanges.map((e) =>
      Buffer.from(e.command).toString('hex').slice(0, 8),
    );
    const auth = commands.filter((c) => ['00840000', '00880000', '0082000a'].includes(c));
    expect(auth).toEqual(['00840000', '00840000', '00880000', '00840000', '00840000', '0082000a']);
    const { result, left } = await replay(file);
    expect(left).toBe(0);
    expect(card(result)).toMatchObject({ ssn, name, card_no: cardNo, needs_psam: false, generation: 3 });
  });

  it('reads the same card when the binding already answered 61xx itself', async () => {
    const { result, apdus } = await replay('ouyang-2g-binding-t0');
    expect(apdus).toBe(17);
    expect(card(result)).toEqual(card((await replay('ouyang-2g')).result));
  });

  it.each([
    ['fault-remove-after-7', 'CARD_REMOVED'],
    ['fault-mute-after-5', 'CARD_TIMEOUT'],
    ['fault-garbled-tlv', 'CARD_DATA_INVALID'],
    ['fault-wrong-length', 'CARD_DATA_INVALID'],
    ['fault-not-found', 'CARD_NOT_SSC'],
    ['fault-locked', 'CARD_APP_LOCKED'],
  ])('returns no record at all for %s, only %s', async (file, code) => {
    const { result, left } = await replay(file);
    expect(left).toBe(0);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.code).toBe(code);
    expect(result).not.toHaveProperty('value');
  });

  it('says which record was garbled and which was too long', async () => {
    const garbled = (await replay('fault-garbled-tlv')).result;
    expect(!garbled.ok && garbled.error.details).toMatchObject({ tag: '09', step: 'READ RECORD EF06/09' });
    const long = (await replay('fault-wrong-length')).result;
    expect(!long.ok && long.error.details?.tag).toBe('08');
  });

  it('reads an expired card whole and flags it (fault-expired, today 2025-06-01)', async () => {
    const c = card((await replay('fault-expired')).result);
    expect([c.valid_to, c.expired]).toEqual(['2024-01-01', true]);
  });
});
