/**
 * Runs the queue's uploader in the terminal process: one pass every intervalMs (never two at
 * once), after recovering rows a crash left in flight. Only the holder of the store's queue lock
 * uploads; without the lock the terminal still settles (the other holder uploads).
 */
import { acquireQueueLock, createUploader, type QueueContext, type QueueLock } from '../queue/index.js';

/** A running upload loop. */
export type UploadLoop = { stop(): Promise<void> };

/** Starts uploading from the store at dbPath; `onPass` runs after each pass (status events). */
export function startUploadLoop(options: {
  ctx: QueueContext;
  dbPath: string;
  intervalMs: number;
  onPass: () => void;
  log: (line: string) => void;
}): UploadLoop {
  const lock = acquireQueueLock(options.dbPath);
  if (!lock.ok) {
    options.log(`uploader not started: ${lock.error.en}`);
    return { stop: () => Promise.resolve() };
  }
  const held: QueueLock = lock.value;
  const uploader = createUploader(options.ctx);
  const recovered = uploader.recover();
  if (recovered.length > 0) options.log(`uploader: ${recovered.length} message(s) left in flight are now unknown and will be resolved`);
  let running: Promise<void> | undefined;
  const pass = (): void => {
    if (running) return;
    running = uploader
      .runPass()
      .then(() => {
        options.onPass();
      })
      .catch((e: unknown) => {
        options.log(`uploader pass failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      })
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(pass, options.intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
      held.release();
    },
  };
}
