import { describe, expect, it } from 'vitest';
import { formatMsgid, parseMsgid } from '../../../electron/center/msgid.js';
import { formatInfTime, formatMillisTime, parseInfTime } from '../../../electron/center/time.js';
import { memoryMsgidSource } from '../../support/center/memory-msgid-source.js';

// 2020-10-21 19:31:22 in Beijing is 11:31:22 UTC.
const sample = new Date('2020-10-21T11:31:22.000Z');

describe('msgid = fixmedins_code(12) + yyyyMMddHHmmss + 4-digit sequence', () => {
  it('formats the national sample H44020300006202010211931220001', () => {
    expect(formatMsgid('H44020300006', sample, 1)).toEqual({
      ok: true,
      value: 'H44020300006202010211931220001',
    });
  });

  it('writes the time in Beijing time whatever the machine zone', () => {
    const justBeforeMidnightUtc = new Date('2025-03-01T23:59:59.000Z');
    const r = formatMsgid('P33020000001', justBeforeMidnightUtc, 42);
    expect(r.ok && r.value).toBe('P33020000001202503020759590042');
  });

  it('parses back what it formats', () => {
    const r = parseMsgid('H44020300006202010211931220001');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.fixmedins_code).toBe('H44020300006');
    expect(r.value.time).toBe('20201021193122');
    expect(r.value.seq).toBe(1);
    expect(r.value.at.toISOString()).toBe(sample.toISOString());
  });

  it.each([
    ['H4402030000', 'a short institution code'],
    ['H4402030000!', 'a code with a symbol'],
  ])('refuses %s (%s)', (code) => {
    const r = formatMsgid(code, sample, 1);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('MSGID_INVALID');
  });

  it.each([-1, 10_000, 1.5])('refuses the sequence %s', (seq) => {
    expect(formatMsgid('H44020300006', sample, seq).ok).toBe(false);
  });

  it.each([
    ['H4402030000620201021193122001', 'is 29 characters'],
    ['H44020300006202013211931220001', 'has month 13'],
    ['H44020300006202002301931220001', 'has 30 February'],
    ['H4402030000620201021193122000A', 'has a letter in the sequence'],
    ['H44020300-06202010211931220001', 'has a dash in the code'],
  ])('rejects a msgid that %s', (msgid) => {
    const r = parseMsgid(msgid);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('MSGID_INVALID');
  });

  it('an in-memory source never repeats, even past 9999 in one second on a stopped clock', () => {
    const source = memoryMsgidSource('H33020000001');
    const seen = new Set<string>();
    for (let i = 0; i < 10_050; i += 1) seen.add(source.next(sample));
    expect(seen.size).toBe(10_050);
    for (const msgid of seen) expect(parseMsgid(msgid).ok).toBe(true);
  });
});

describe('platform times', () => {
  it('inf_time is yyyy-MM-dd HH:mm:ss in Beijing time', () => {
    expect(formatInfTime(sample)).toBe('2020-10-21 19:31:22');
    expect(parseInfTime('2020-10-21 19:31:22')?.toISOString()).toBe(sample.toISOString());
    expect(parseInfTime('2020-02-30 10:00:00')).toBeUndefined();
  });

  it('refmsg_time is yyyyMMddHHmmssSSS', () => {
    expect(formatMillisTime(new Date('2020-10-21T11:31:22.045Z'))).toBe('20201021193122045');
  });
});
