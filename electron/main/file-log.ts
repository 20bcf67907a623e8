/**
 * The Electron host's log: one line per event, appended to a file in userData (a kiosk has no
 * terminal to print to) and echoed to stderr for development. No Electron import.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';

/** A logger that appends timestamped lines to `file`, creating its folder. */
export function createFileLog(file: string, clock: () => Date = () => new Date()): (line: string) => void {
  mkdirSync(path.dirname(file), { recursive: true });
  return (line: string) => {
    const stamped = `${clock().toISOString()} ${line}\n`;
    try {
      appendFileSync(file, stamped);
    } catch (e) {
      // A full disk must not take the counter down; stderr still gets the line and the reason.
      process.stderr.write(`log file ${file} not writable: ${e instanceof Error ? e.message : String(e)}\n`);
    }
    process.stderr.write(stamped);
  };
}
