import { parentPort, workerData } from 'node:worker_threads';
import type { EngineBugRecord, FindingRecord, FuzzSessionConfig } from './fuzzSession';
import { runSlice } from './runSlice';
import type { StopBoard } from './stopBoard';

/** Messages a fuzz worker posts to the session (see runFuzz.ts). */
export type WorkerMessage =
  | { readonly type: 'progress'; readonly runs: number; readonly ops: number }
  | { readonly type: 'found'; readonly finding: FindingRecord }
  | { readonly type: 'finding'; readonly finding: FindingRecord }
  | { readonly type: 'engine-bug'; readonly bug: EngineBugRecord }
  | { readonly type: 'done'; readonly runs: number; readonly ops: number }
  | { readonly type: 'error'; readonly message: string };

export interface WorkerInput {
  readonly cfg: FuzzSessionConfig;
  readonly workerIndex: number;
  readonly board: StopBoard;
  readonly deadline: number | null;
  /** The session's clock origin for the board's phase times. */
  readonly epochMs: number;
}

/** Worker-thread entry: one slice of a session, reporting through `parentPort`. */
async function main(): Promise<void> {
  const input = workerData as WorkerInput;
  const post = (m: WorkerMessage): void => parentPort!.postMessage(m);
  try {
    const r = await runSlice(input.cfg, input.workerIndex, input.board, input.deadline, {
      progress: (runs, ops) => post({ type: 'progress', runs, ops }),
      found: (finding) => post({ type: 'found', finding }),
      finding: (finding) => post({ type: 'finding', finding }),
      engineBug: (bug) => post({ type: 'engine-bug', bug }),
    }, input.epochMs);
    post({ type: 'done', runs: r.runs, ops: r.ops });
  } catch (e) {
    post({ type: 'error', message: e instanceof Error ? `${e.name}: ${e.message}\n${e.stack ?? ''}` : String(e) });
  }
}

if (parentPort !== null) void main();
