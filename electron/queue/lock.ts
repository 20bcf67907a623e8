/**
 * One process per store runs the queue (counter and uploader): a lock file beside the database
 * holds the owner's pid. A lock left by a killed process (its pid no longer runs) is taken over;
 * a live owner makes the second process refuse with UPLOADER_BUSY instead of racing it.
 */
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { queueError, type QueueResult } from './errors.js';

/** A held lock. */
export type QueueLock = { readonly file: string; release(): void };

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (cause) {
    // EPERM: it runs under another user; ESRCH: it is gone.
    return cause instanceof Error && 'code' in cause && cause.code === 'EPERM';
  }
}

function errno(cause: unknown): string | undefined {
  return cause instanceof Error && 'code' in cause && typeof cause.code === 'string' ? cause.code : undefined;
}

/** Takes the queue lock of the database at `dbPath`. */
export function acquireQueueLock(dbPath: string): QueueResult<QueueLock> {
  const file = `${dbPath}.queue.lock`;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      try {
        writeSync(fd, `${process.pid}\n`);
      } finally {
        closeSync(fd);
      }
      return {
        ok: true,
        value: {
          file,
          release() {
            try {
              if (readFileSync(file, 'utf8').trim() === String(process.pid)) unlinkSync(file);
            } catch (cause) {
              // Already gone is fine; anything else is worth saying.
              if (errno(cause) !== 'ENOENT') process.stderr.write(`queue lock ${file}: ${String(cause)}\n`);
            }
          },
        },
      };
    } catch (cause) {
      if (errno(cause) !== 'EEXIST') throw cause;
    }
    let owner = Number.NaN;
    try {
      owner = Number(readFileSync(file, 'utf8').trim());
    } catch (cause) {
      if (errno(cause) !== 'ENOENT') throw cause;
      continue;
    }
    if (Number.isSafeInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) {
      return { ok: false, error: queueError('UPLOADER_BUSY', { zh: `进程 ${owner}，锁文件 ${file}`, en: `process ${owner}, lock file ${file}` }, { pid: owner, file }) };
    }
    // A stale lock (its process is gone, or it is unreadable): remove it and try again.
    try {
      unlinkSync(file);
    } catch (cause) {
      if (errno(cause) !== 'ENOENT') throw cause;
    }
  }
  return { ok: false, error: queueError('UPLOADER_BUSY', { zh: `无法获得锁文件 ${file}`, en: `could not take ${file}` }, { file }) };
}
