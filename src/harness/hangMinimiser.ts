import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FindingRecord, FuzzSessionConfig } from './fuzzSession';
import { isInterrupted, type StopBoard } from './stopBoard';

/** What the session gives a hang-minimiser thread. */
export interface HangMinimiserInput {
  readonly cfg: FuzzSessionConfig;
  readonly localRun: number;
  readonly timeoutSeconds: number;
  /** The unminimised reproducer already written (writeTimeoutFinding). */
  readonly first: FindingRecord;
  readonly board: StopBoard;
  readonly deadline: number | null;
}

/** Messages of a hang-minimiser thread: each smaller reproducer on disk, then the final one. */
export type HangMinimiserMessage = { readonly type: 'best' | 'done'; readonly finding: FindingRecord } | { readonly type: 'error'; readonly message: string };

/** How long a minimiser may go on after the session was told to stop, before its thread is terminated. */
export const STOP_GRACE_MS = 1000;

/**
 * Shrinks a timeout finding in its own thread (hangMinimiserWorker.ts), so the session's thread
 * stays free to handle signals, its watchdog and the other workers while candidates hang. Resolves
 * to the smallest reproducer written: when the thread finishes, or STOP_GRACE_MS after the session
 * is interrupted or past its deadline (the thread is then terminated; every smaller case it found
 * is already on disk). A thread that fails leaves the unminimised reproducer as the finding.
 */
export function minimiseHangInThread(input: HangMinimiserInput): Promise<FindingRecord> {
  return new Promise((resolve) => {
    let best = input.first;
    let stopSince: number | null = null;
    const w = new Worker(path.join(__dirname, 'hangMinimiserWorker.js'), { workerData: input });
    const finish = (): void => {
      clearInterval(poll);
      void w.terminate();
      resolve(best);
    };
    const poll = setInterval(() => {
      const stopping = isInterrupted(input.board) || (input.deadline !== null && Date.now() > input.deadline);
      if (!stopping) return;
      stopSince ??= Date.now();
      if (Date.now() - stopSince >= STOP_GRACE_MS) finish();
    }, 50);
    w.on('message', (m: HangMinimiserMessage) => {
      if (m.type === 'error') {
        best = { ...best, message: `${best.message} (the hang could not be shrunk: ${m.message.split('\n')[0]})` };
        finish();
        return;
      }
      best = m.finding;
      if (m.type === 'done') finish();
    });
    w.on('error', () => finish());
    w.on('exit', () => finish());
  });
}
