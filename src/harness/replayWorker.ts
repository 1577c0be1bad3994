import { parentPort, workerData } from 'node:worker_threads';
import { isInputError } from '../errors/exitCodes';
import { classifyArtifact, replayInput } from './replayInput';
import { replayReproducer } from './replayReproducer';
import { loadWatParser } from '../wasm/text/parseWat';
import { KnownEngineBug } from '../../oracles/engines/KnownEngineBug';

/** What `replay` runs: an absolute path, and the --collector / --target overrides (absolute path or name). */
export interface ReplayRequest {
  readonly file: string;
  readonly collector: string | null;
  readonly target: string | null;
}

/** What a replay thread reports (plain data: an OracleFailure does not cross threads). */
export type ReplayWorkerMessage =
  | { readonly kind: 'fixed'; readonly target: string; readonly size: number; readonly collectors: readonly string[]; readonly recorded: string }
  | { readonly kind: 'failing'; readonly oracle: string; readonly message: string; readonly recordedOracle: string; readonly recorded: string }
  | { readonly kind: 'input'; readonly target: string; readonly bytes: number; readonly failure: string | null }
  | { readonly kind: 'usage'; readonly message: string }
  | { readonly kind: 'error'; readonly message: string };

/** Worker-thread entry: replays the artifact named by `workerData` (a ReplayRequest) and posts the outcome. */
function main(): void {
  const post = (m: ReplayWorkerMessage): void => parentPort!.postMessage(m);
  const req = workerData as ReplayRequest;
  try {
    const a = classifyArtifact(req.file, req.target, req.collector);
    if (a.kind === 'input') {
      const f = replayInput(a);
      post({ kind: 'input', target: a.target, bytes: a.input.length, failure: f === null ? null : f.message });
      return;
    }
    const { reproducer: r, failure, ran } = replayReproducer(req.file, req.collector ?? undefined);
    if (failure === null) post({ kind: 'fixed', target: r.target, size: r.size, collectors: ran, recorded: r.message });
    else post({ kind: 'failing', oracle: failure.oracle, message: failure.message, recordedOracle: r.oracle, recorded: r.message });
  } catch (e) {
    if (isInputError(e)) post({ kind: 'usage', message: e.message });
    // Still failing, though not on the runtime under test: the reference engine contradicts itself.
    else if (e instanceof KnownEngineBug) post({ kind: 'failing', oracle: 'differential', message: e.message, recordedOracle: 'differential', recorded: e.message });
    else post({ kind: 'error', message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
}

// The WAT parser loads asynchronously; replay reads WAT (a .wat file, or the text in a reproducer).
if (parentPort !== null) void loadWatParser().then(main);
