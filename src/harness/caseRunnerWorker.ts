import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { OracleFailure } from '../../oracles/OracleFailure';
import { resolveCollectors } from './resolveCollectors';
import { runCase } from './runCase';
import { getTarget } from './targetRegistry';
import { ownThreadId } from './threadCpuClock';

/** What the session thread sends: one serialised case to run. */
export interface CaseRequest {
  readonly seq: number;
  readonly case: unknown;
}

/** What comes back on the reply port: the run passed, or the OracleFailure's fields. */
export type CaseReply =
  | { readonly seq: number; readonly failure: null }
  | { readonly seq: number; readonly failure: { readonly oracle: OracleFailure['oracle']; readonly opIndex: number; readonly expected: string; readonly actual: string; readonly detail: string; readonly collector: string | null } };

export interface CaseRunnerInit {
  readonly target: string;
  readonly collector: string;
  /**
   * `[0]`: the seq of the last finished request (-1 until the worker is ready for requests);
   * `[1]`: the worker's thread id for threadCpuMs (0 where there is none), set before `[0]` first is.
   */
  readonly done: Int32Array;
  readonly replies: MessagePort;
}

/**
 * Worker-thread entry of SyncCaseRunner: runs each requested case on the session's target and
 * collectors, posts the outcome on the reply port, then publishes the request's seq in `done` and
 * wakes the waiting thread (Atomics.notify), so the session can wait synchronously with a timeout.
 */
function main(): void {
  const init = workerData as CaseRunnerInit;
  const target = getTarget(init.target);
  const { collectors } = resolveCollectors(init.collector);
  const finish = (reply: CaseReply): void => {
    init.replies.postMessage(reply);
    Atomics.store(init.done, 0, reply.seq);
    Atomics.notify(init.done, 0);
  };
  parentPort!.on('message', (req: CaseRequest) => {
    try {
      runCase(target, target.deserialise(req.case), collectors);
      finish({ seq: req.seq, failure: null });
    } catch (e) {
      const f = e instanceof OracleFailure ? e : new OracleFailure('crash', -1, 'no exception', e instanceof Error ? e.message : String(e));
      finish({ seq: req.seq, failure: { oracle: f.oracle, opIndex: f.opIndex, expected: f.expected, actual: f.actual, detail: f.detail, collector: f.collector } });
    }
  });
  Atomics.store(init.done, 1, ownThreadId());
  Atomics.store(init.done, 0, 0);
  Atomics.notify(init.done, 0);
}

if (parentPort !== null) main();
