import * as path from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { OracleFailure } from '../../oracles/OracleFailure';
import type { CaseReply, CaseRunnerInit } from './caseRunnerWorker';

/** How long a new runner thread may take to load the target and collectors. */
const STARTUP_MS = 30_000;

/** How often a waiting `run` looks at its `interrupted` callback: signals must stop it within a second. */
const POLL_MS = 100;

/**
 * Runs cases in a worker thread while the calling thread waits synchronously (Atomics.wait) with a
 * timeout, so a synchronous minimiser can shrink a case that hangs: a candidate that does not
 * finish in time counts as still hanging, and its thread is replaced. Used for `timeout`
 * findings; everything else is minimised in-thread.
 */
export class SyncCaseRunner {
  private worker: Worker | null = null;
  private done: Int32Array = new Int32Array(new SharedArrayBuffer(4));
  private replies: MessagePort | null = null;
  private seq = 0;

  constructor(private readonly target: string, private readonly collector: string) {}

  /**
   * Runs the serialised case: null if every oracle holds, the OracleFailure if one fails,
   * 'timeout' if it is still running after `timeoutMs`, or 'interrupted' if `interrupted()` turned
   * true while it waited (checked every POLL_MS; the case's thread is then stopped).
   */
  run(serialisedCase: unknown, timeoutMs: number, interrupted: () => boolean = () => false): OracleFailure | null | 'timeout' | 'interrupted' {
    const worker = this.start();
    const seq = ++this.seq;
    worker.postMessage({ seq, case: serialisedCase });
    const deadline = Date.now() + timeoutMs;
    while (Atomics.load(this.done, 0) !== seq) {
      const left = deadline - Date.now();
      if (left <= 0) {
        this.dispose();
        return 'timeout';
      }
      if (interrupted()) {
        this.dispose();
        return 'interrupted';
      }
      Atomics.wait(this.done, 0, Atomics.load(this.done, 0), Math.min(left, POLL_MS));
    }
    const m = receiveMessageOnPort(this.replies!);
    const reply = m?.message as CaseReply | undefined;
    if (reply === undefined || reply.seq !== seq) throw new Error('case runner: reply lost');
    if (reply.failure === null) return null;
    const f = reply.failure;
    return new OracleFailure(f.oracle, f.opIndex, f.expected, f.actual, f.detail, f.collector);
  }

  /** Stops the runner thread (a later `run` starts a new one). */
  dispose(): void {
    void this.worker?.terminate();
    this.replies?.close();
    this.worker = null;
    this.replies = null;
  }

  private start(): Worker {
    if (this.worker !== null) return this.worker;
    const { port1, port2 } = new MessageChannel();
    this.done = new Int32Array(new SharedArrayBuffer(4));
    Atomics.store(this.done, 0, -1);
    const init: CaseRunnerInit = { target: this.target, collector: this.collector, done: this.done, replies: port2 };
    const w = new Worker(path.join(__dirname, 'caseRunnerWorker.js'), { workerData: init, transferList: [port2] });
    w.unref();
    if (Atomics.wait(this.done, 0, -1, STARTUP_MS) === 'timed-out') {
      void w.terminate();
      throw new Error(`case runner: the worker did not start within ${STARTUP_MS / 1000} s`);
    }
    this.worker = w;
    this.replies = port1;
    this.seq = 0;
    return w;
  }
}
