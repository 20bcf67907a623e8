/**
 * A tiny in-memory MsgidSource for tests and the bench: the sequence restarts with the process,
 * which a terminal must never do (db/ holds the durable one). Past 9999 in one second it
 * borrows the next second, so a fixed test clock still never repeats a msgid.
 */
import { formatMsgid, type MsgidSource } from '../../../electron/center/msgid.js';

/** An in-memory msgid source for one institution. */
export function memoryMsgidSource(fixmedinsCode: string): MsgidSource {
  let lastSecond = 0;
  let seq = 0;
  return {
    next(now: Date): string {
      const second = Math.max(Math.floor(now.getTime() / 1000), lastSecond);
      if (second === lastSecond) {
        seq += 1;
      } else {
        lastSecond = second;
        seq = 1;
      }
      if (seq > 9999) {
        lastSecond += 1;
        seq = 1;
      }
      const msgid = formatMsgid(fixmedinsCode, new Date(lastSecond * 1000), seq);
      if (!msgid.ok) throw new Error(msgid.error.en);
      return msgid.value;
    },
  };
}
