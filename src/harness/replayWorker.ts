import { parentPort, workerData } from 'node:worker_threads';
import { UsageError } from '../errors/UsageError';
import { replayReproducer } from './replayReproducer';
import { loadWatParser } from '../wasm/text/parseWat';

/** What a replay thread reports (plain data: an OracleFailure does not cross threads). */
export type ReplayWorkerMessage =
  | { readonly kind: 'fixed'; readonly target: string; readonly size: number; readonly collectors: readonly string[]; readonly recorded: string }
  | { readonly kind: 'failing'; readonly oracle: string; readonly message: string; readonly recordedOracle: string; readonly recorded: string }
  | { readonly kind: 'usage'; readonly message: string }
  | { readonly kind: 'error'; readonly message: string };

/** Worker-thread entry: replays the reproducer at `workerData` (a path) and posts the outcome. */
function main(): void {
  const post = (m: ReplayWorkerMessage): void => parentPort!.postMessage(m);
  try {
    const { reproducer: r, failure } = replayReproducer(workerData as string);
    if (failure === null) post({ kind: 'fixed', target: r.target, size: r.size, collectors: r.collectors, recorded: r.message });
    else post({ kind: 'failing', oracle: failure.oracle, message: failure.message, recordedOracle: r.oracle, recorded: r.message });
  } catch (e) {
    if (e instanceof UsageError) post({ kind: 'usage', message: e.message });
    else post({ kind: 'error', message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
}

// The WAT parser loads asynchronously; replay reads WAT (a .wat file, or the text in a reproducer).
if (parentPort !== null) void loadWatParser().then(main);
