import * as path from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { OracleFailure } from '../../oracles/OracleFailure';
import type { CaseReply, CaseRunnerInit } from './caseRunnerWorker';
import { threadCpuMs } from './threadCpuClock';

/** How long a new runner thread may take to load the target and collectors. */
const STARTUP_MS = 30_000;

/** How often a waiting `run` looks at its `interrupted` callback: signals must stop it within a second. */
const POLL_MS = 100;

/** How often a waiting `run` with a CPU budget reads the thread's CPU time (its resolution is 10 ms). */
const CPU_POLL_MS = 10;

/** A case-runner thread, loading or ready (`done[0]` >= 0 once ready), and the port it replies on. */
interface RunnerThread {
  readonly worker: Worker;
  readonly done: Int32Array;
  readonly replies: MessagePort;
}

/**
 * Runs cases in a worker thread while the calling thread waits synchronously (Atomics.wait) with a
 * timeout, so a synchronous minimiser can shrink a case that hangs: a candidate that does not
 * finish in time counts as still hanging, and its thread is replaced by a spare thread that has
 * been loading the target and collectors meanwhile (so a hang costs its timeout, not a restart).
 * Used for `timeout` findings; everything else is minimised in-thread.
 */
export class SyncCaseRunner {
  private current: RunnerThread | null = null;
  private spare: RunnerThread | null = null;
  private seq = 0;

  constructor(private readonly target: string, private readonly collector: string) {}

  /**
   * Runs the serialised case: null if every oracle holds, the OracleFailure if one fails,
   * 'timeout' if it is still running after `timeoutMs` or after using `cpuMs` of CPU time in its
   * thread (where threadCpuMs can read it: Linux), or 'interrupted' if `interrupted()` turned
   * true while it waited (checked every POLL_MS; the case's thread is then stopped).
   */
  run(serialisedCase: unknown, timeoutMs: number, interrupted: () => boolean = () => false, cpuMs = Infinity): OracleFailure | null | 'timeout' | 'interrupted' {
    const t = this.start();
    const seq = ++this.seq;
    const tid = Atomics.load(t.done, 1);
    const cpuStart = cpuMs < Infinity ? threadCpuMs(tid) : null;
    t.worker.postMessage({ seq, case: serialisedCase });
    const deadline = Date.now() + timeoutMs;
    while (Atomics.load(t.done, 0) !== seq) {
      const left = deadline - Date.now();
      const cpu = cpuStart === null ? null : threadCpuMs(tid);
      if (left <= 0 || (cpu !== null && cpu - cpuStart! > cpuMs)) {
        this.stopCurrent();
        return 'timeout';
      }
      if (interrupted()) {
        this.stopCurrent();
        return 'interrupted';
      }
      Atomics.wait(t.done, 0, Atomics.load(t.done, 0), Math.min(left, cpuStart === null ? POLL_MS : CPU_POLL_MS));
    }
    const m = receiveMessageOnPort(t.replies);
    const reply = m?.message as CaseReply | undefined;
    if (reply === undefined || reply.seq !== seq) throw new Error('case runner: reply lost');
    if (reply.failure === null) return null;
    const f = reply.failure;
    return new OracleFailure(f.oracle, f.opIndex, f.expected, f.actual, f.detail, f.collector);
  }

  /** Stops the runner threads (a later `run` starts new ones). */
  dispose(): void {
    this.stopCurrent();
    this.stop(this.spare);
    this.spare = null;
  }

  private stopCurrent(): void {
    this.stop(this.current);
    this.current = null;
  }

  private stop(t: RunnerThread | null): void {
    if (t === null) return;
    void t.worker.terminate();
    t.replies.close();
  }

  private spawn(): RunnerThread {
    const { port1, port2 } = new MessageChannel();
    const done = new Int32Array(new SharedArrayBuffer(8));
    Atomics.store(done, 0, -1);
    const init: CaseRunnerInit = { target: this.target, collector: this.collector, done, replies: port2 };
    const worker = new Worker(path.join(__dirname, 'caseRunnerWorker.js'), { workerData: init, transferList: [port2] });
    worker.unref();
    return { worker, done, replies: port1 };
  }

  /** The ready runner thread: the current one, else the spare (waiting for it to load), with a new spare loading behind it. */
  private start(): RunnerThread {
    if (this.current !== null) return this.current;
    const t = this.spare ?? this.spawn();
    this.spare = this.spawn();
    if (Atomics.wait(t.done, 0, -1, STARTUP_MS) === 'timed-out') {
      this.stop(t);
      throw new Error(`case runner: the worker did not start within ${STARTUP_MS / 1000} s`);
    }
    this.current = t;
    this.seq = 0;
    return t;
  }
}
