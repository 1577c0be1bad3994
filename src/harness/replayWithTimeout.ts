import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { UsageError } from '../errors/UsageError';
import type { ReplayRequest, ReplayWorkerMessage } from './replayWorker';

/** A replay's outcome, or `timeout` when the case ran longer than allowed (it still hangs). */
export type TimedReplay = Exclude<ReplayWorkerMessage, { kind: 'usage' } | { kind: 'error' }> | { readonly kind: 'timeout'; readonly seconds: number };

/**
 * Replays a reproducer, jsfuzz crash record or raw input (replayInput.ts) in a worker thread, so a case that hangs (a `timeout` finding, or any case
 * after a change that makes the runtime loop) is stopped after `seconds` instead of hanging the
 * command. A corrupt reproducer is a UsageError; an error of the harness itself is rethrown.
 */
export function replayWithTimeout(file: string, seconds: number, overrides: { readonly collector?: string; readonly target?: string } = {}): Promise<TimedReplay> {
  return new Promise((resolve, reject) => {
    const req: ReplayRequest = { file: path.resolve(file), collector: overrides.collector ?? null, target: overrides.target ?? null };
    const w = new Worker(path.join(__dirname, 'replayWorker.js'), { workerData: req });
    let settled = false;
    const timer = setTimeout(() => {
      settled = true;
      void w.terminate();
      resolve({ kind: 'timeout', seconds });
    }, seconds * 1000);
    w.once('message', (m: ReplayWorkerMessage) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void w.terminate();
      if (m.kind === 'usage') reject(new UsageError(m.message));
      else if (m.kind === 'error') reject(new Error(m.message));
      else resolve(m);
    });
    w.once('error', (e) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(e);
    });
  });
}
