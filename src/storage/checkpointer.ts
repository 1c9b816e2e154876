import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** How often the checkpointer copies the write-ahead log into the database file. */
export const CHECKPOINT_INTERVAL_MS = 250;

/**
 * Pages the log may reach before the connection that writes checkpoints it itself: a backstop for a
 * load so steady that the log never empties between two checkpoints (SQLite restarts the log only
 * once every page of it has been copied). 4,000 pages of 4 KB is 16 MB.
 */
export const WAL_BACKSTOP_PAGES = 4000;

export interface Checkpointer {
  /** Checkpoints now (in the worker): pages in the log, and how many of them are in the database file. */
  checkpoint(): Promise<{ log: number; checkpointed: number }>;
  /** Stops the worker; the database connection that writes is not touched. */
  close(): Promise<void>;
}

// The worker's whole program, run as CommonJS: it needs no transpiling, under tsx or a test runner alike.
const PROGRAM = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const reason = (e) => String((e && e.message) || e);
let db;
try {
  db = new Database(workerData.file, { fileMustExist: true });
  db.pragma('busy_timeout = 0');
} catch (e) {
  parentPort.postMessage({ error: 'cannot open the database: ' + reason(e) });
  process.exit(1);
}
const checkpoint = (id) => {
  try {
    const [r] = db.pragma('wal_checkpoint(PASSIVE)');
    if (id !== undefined) parentPort.postMessage({ id, log: r.log, checkpointed: r.checkpointed });
  } catch (e) {
    parentPort.postMessage({ id, error: reason(e) });
  }
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', (m) => {
  if (m === 'stop') { clearInterval(timer); db.close(); process.exit(0); }
  else checkpoint(m);
});
`;

/**
 * Checkpoints a SQLite database in WAL mode from a worker thread with a connection of its own, so the
 * connection answering chat messages never copies pages into the database file or waits for a disk
 * sync (SQLite's automatic checkpoint does both on the commit that crosses its threshold, a stall of
 * milliseconds every few hundred messages). A PASSIVE checkpoint never blocks the writer, and it
 * syncs at the worker connection's `synchronous = FULL`.
 *
 * The writer keeps an automatic checkpoint at WAL_BACKSTOP_PAGES. Errors are passed to `onError`
 * and the worker carries on; the next checkpoint, or the backstop, catches up.
 *
 * @example
 *   sqlite.pragma(`wal_autocheckpoint = ${WAL_BACKSTOP_PAGES}`);
 *   const checkpointer = startCheckpointer('/data/staffroom.db');
 *   await checkpointer.close();   // before closing the database
 */
export function startCheckpointer(file: string, options: { intervalMs?: number; onError?: (message: string) => void } = {}): Checkpointer {
  const worker = new Worker(PROGRAM, {
    eval: true,
    workerData: { file, driver: createRequire(import.meta.url).resolve('better-sqlite3'), intervalMs: options.intervalMs ?? CHECKPOINT_INTERVAL_MS },
  });
  // The worker must not keep the process alive.
  worker.unref();
  const waiting = new Map<number, { resolve(r: { log: number; checkpointed: number }): void; reject(e: Error): void }>();
  let next = 0;
  let stopped = false;
  let closing = false;
  worker.on('message', (m: { id?: number; error?: string; log: number; checkpointed: number }) => {
    const w = m.id === undefined ? undefined : waiting.get(m.id);
    if (m.id !== undefined) waiting.delete(m.id);
    if (!waiting.size && !closing) worker.unref();
    if (m.error) {
      if (w) w.reject(new Error(m.error));
      else options.onError?.(m.error);
    } else w?.resolve({ log: m.log, checkpointed: m.checkpointed });
  });
  worker.on('error', (e: unknown) => options.onError?.(e instanceof Error && e.message ? e.message : String(e)));
  const exited = new Promise<void>((resolve) => worker.once('exit', () => {
    stopped = true;
    for (const w of waiting.values()) w.reject(new Error('the checkpointer has stopped'));
    waiting.clear();
    resolve();
  }));
  return {
    checkpoint() {
      if (stopped) return Promise.reject(new Error('the checkpointer has stopped'));
      const id = next++;
      // An answer awaited keeps the process up until it comes.
      worker.ref();
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        worker.postMessage(id);
      });
    },
    async close() {
      // Waited for, so the process stays up until the worker has closed its connection.
      closing = true;
      worker.ref();
      worker.postMessage('stop');
      await exited;
    },
  };
}
