import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { instrumentedEnv } from './instrumentedEnv';
import { readIstanbulCoverage, type IstanbulCoverage } from './istanbulCoverage';

/** jsfuzz's worker protocol (node_modules/jsfuzz/build/src/protocol.js). */
const WORK = 0;
const RESULT = 0;

interface WorkerReply {
  readonly type: number;
  readonly coverage?: number;
}

/**
 * jsfuzz's own worker (the process that loads a target under istanbul instrumentation and reports
 * the coverage counter after each input), driven with inputs we choose instead of jsfuzz's random
 * mutations: deterministic coverage-feedback tests and corpus minimisation use it.
 * After a crash the worker is gone; make a new one.
 */
export class JsfuzzWorker {
  private readonly child: ChildProcess;
  private readonly cwd: string;
  private exited = false;
  /** The worker reported a crash; it dumps its coverage and exits by itself. */
  private crashed = false;
  private readonly exit: Promise<void>;

  constructor(target: string, env: Readonly<Record<string, string>> = {}) {
    this.cwd = mkdtempSync(join(tmpdir(), 'gcfuzz-jsfuzz-'));
    const worker = require.resolve('jsfuzz/build/src/worker.js');
    this.child = fork(worker, [relative(this.cwd, target)], { cwd: this.cwd, stdio: ['ignore', 'ignore', 'ignore', 'ipc'], env: instrumentedEnv(env) });
    this.exit = new Promise((resolve) => {
      this.child.once('exit', () => {
        this.exited = true;
        resolve();
      });
    });
  }

  /** Runs one input; resolves to the coverage counter after it, or 'crash' (the target threw). */
  run(input: Uint8Array): Promise<number | 'crash'> {
    if (this.exited || this.crashed) return Promise.reject(new Error('jsfuzz worker has exited'));
    return new Promise((resolve, reject) => {
      const onMessage = (m: WorkerReply): void => {
        this.child.off('exit', onExit);
        if (m.type !== RESULT) this.crashed = true;
        resolve(m.type === RESULT ? (m.coverage ?? 0) : 'crash');
      };
      const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
        this.child.off('message', onMessage);
        reject(new Error(`jsfuzz worker exited with ${signal ?? `code ${code}`}`));
      };
      this.child.once('message', onMessage);
      this.child.once('exit', onExit);
      this.child.send({ type: WORK, buf: Buffer.from(input) });
    });
  }

  /**
   * Stops the worker the way jsfuzz does (SIGINT, then a message) and returns the coverage it dumped.
   * The worker exits on the first message it reads after its SIGINT handler ran; on a loaded machine
   * the handler can run after that message was read (the worker then just answers it), so every
   * answer gets another empty message until the worker exits.
   */
  async stop(): Promise<IstanbulCoverage> {
    if (!this.exited && this.child.connected && !this.crashed) {
      const poke = (): void => {
        if (!this.exited && this.child.connected) this.child.send({ type: WORK, buf: Buffer.alloc(0) }, () => undefined);
      };
      this.child.kill('SIGINT');
      this.child.on('message', poke);
      await new Promise((r) => setTimeout(r, 50));
      poke();
    }
    await this.exit;
    const cov = readIstanbulCoverage(join(this.cwd, '.nyc_output', 'cov.json'));
    rmSync(this.cwd, { recursive: true, force: true });
    return cov;
  }

  /** Ends the worker without collecting coverage. */
  dispose(): void {
    if (!this.exited) this.child.kill('SIGKILL');
    rmSync(this.cwd, { recursive: true, force: true });
  }
}
