import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { ProgressSample } from '../src/harness/nightly/nightlySummary';
import { readIstanbulCoverage, unionIstanbulCoverage, type IstanbulCoverage } from './istanbulCoverage';
import { instrumentedEnv } from './instrumentedEnv';
import { parseJsfuzzLine, type JsfuzzStatus } from './parseJsfuzzLine';

export interface JsfuzzOptions {
  /** The compiled target module (exports `fuzz(buf)`). */
  readonly target: string;
  /** Corpus directories; jsfuzz reads them all and writes new inputs into the first. */
  readonly corpusDirs: readonly string[];
  /** Wall-clock budget; jsfuzz is sent SIGINT when it is spent. */
  readonly seconds: number;
  /** Also stop once this many execs are reported (checked at each status line, so it overshoots by up to a few seconds' worth). */
  readonly maxRuns?: number;
  /** jsfuzz's working directory: `crash-<sha256>` files and `.nyc_output/` land here. */
  readonly workDir: string;
  /** Extra environment for the target process (e.g. `GCFUZZ_COLLECTORS`). */
  readonly env?: Readonly<Record<string, string>>;
  /** Restart jsfuzz after a crash while time is left (it stops at the first crash). Default false. */
  readonly keepGoing?: boolean;
  /** With keepGoing, stop after this many crashes. Default 5. */
  readonly maxCrashes?: number;
  /** jsfuzz's per-input timeout in seconds (an input running longer is a crash). Default 30. */
  readonly inputTimeoutSeconds?: number;
  /** Stops the run early (as if the time were up), e.g. on the driver's own Ctrl-C. */
  readonly signal?: AbortSignal;
  readonly onStatus?: (status: JsfuzzStatus, seconds: number) => void;
  /** Every line jsfuzz and the target print. */
  readonly onLine?: (line: string) => void;
}

/** An input jsfuzz recorded as a crash, with what the worker printed about it. */
export interface JsfuzzCrash {
  readonly file: string;
  readonly input: Buffer;
  /** The worker's report: the exception (or "timeout reached" / "Worker killed"). */
  readonly output: string;
}

export interface JsfuzzResult {
  /** Executions as last reported by jsfuzz (its status lines come every 3 s, so up to 3 s stale). */
  readonly execs: number;
  /** Final coverage counter (statements + functions + branches hit). */
  readonly coverage: number;
  /** Inputs in jsfuzz's in-memory corpus at the end. */
  readonly corpus: number;
  readonly seconds: number;
  /** Cumulative progress, one sample per status line (t from the start of the first segment). */
  readonly samples: readonly ProgressSample[];
  readonly crashes: readonly JsfuzzCrash[];
  /** jsfuzz processes started (1 + restarts after crashes). */
  readonly segments: number;
  /** The istanbul counters the workers dumped, added over segments. */
  readonly istanbul: IstanbulCoverage;
  /** Why the run ended abnormally (jsfuzz failed to start, died, had to be killed); null otherwise. */
  readonly error: string | null;
}

const SIGINT_GRACE_MS = 15_000;
const CRASH_LINE = /^crash was written to (.+)$/;
const SEPARATOR = /^={20,}$/;

interface Segment {
  lastStatus: JsfuzzStatus | null;
  crash: JsfuzzCrash | null;
  exit: string | null;
}

function runSegment(opts: JsfuzzOptions, startMs: number, deadlineMs: number, execOffset: number, samples: ProgressSample[]): Promise<Segment> {
  const jsfuzz = require.resolve('jsfuzz/build/src/index.js');
  const workDir = resolve(opts.workDir);
  // jsfuzz's worker loads `path.join(cwd, target)`, so the target must be relative to cwd.
  const args = [jsfuzz, relative(workDir, resolve(opts.target)), ...opts.corpusDirs.map((d) => resolve(d)), '--timeout', String(opts.inputTimeoutSeconds ?? 30)];
  const child = spawn(process.execPath, args, { cwd: workDir, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: instrumentedEnv(opts.env) });
  const seg: Segment = { lastStatus: null, crash: null, exit: null };
  const recent: string[] = [];
  const killGroup = (signal: NodeJS.Signals): void => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, signal);
    } catch {
      // the group has already exited
    }
  };
  let killTimer: NodeJS.Timeout | null = null;
  let stopped = false;
  const stop = (): void => {
    stopped = true;
    if (killTimer) return;
    killGroup('SIGINT');
    killTimer = setTimeout(() => {
      seg.exit = `jsfuzz did not stop within ${SIGINT_GRACE_MS / 1000} s of SIGINT; killed`;
      killGroup('SIGKILL');
    }, SIGINT_GRACE_MS);
  };
  const stopTimer = setTimeout(stop, Math.max(0, deadlineMs - Date.now()));
  opts.signal?.addEventListener('abort', stop, { once: true });
  const onLine = (line: string): void => {
    opts.onLine?.(line);
    const status = parseJsfuzzLine(line);
    if (status) {
      if (status.execs === 0) return;
      seg.lastStatus = status;
      const t = Math.round((Date.now() - startMs) / 100) / 10;
      samples.push({ t, runs: execOffset + status.execs, ops: null, coverage: status.coverage });
      opts.onStatus?.({ ...status, execs: execOffset + status.execs }, t);
      if (opts.maxRuns !== undefined && execOffset + status.execs >= opts.maxRuns) stop();
      return;
    }
    const crash = CRASH_LINE.exec(line.trim());
    if (crash?.[1]) {
      const file = resolve(workDir, crash[1]);
      const from = recent.map((l) => SEPARATOR.test(l.trim())).lastIndexOf(true);
      const output = recent.slice(from + 1).join('\n').trim();
      // Our own SIGINT arriving mid-input makes jsfuzz report its worker as killed: not a finding.
      if (stopped && /Received SIGINT/.test(output) && /Worker killed/.test(output)) {
        rmSync(file, { force: true });
        return;
      }
      seg.crash = { file, input: readFileSync(file), output };
      return;
    }
    recent.push(line);
    if (recent.length > 400) recent.shift();
  };
  createInterface({ input: child.stdout }).on('line', onLine);
  createInterface({ input: child.stderr }).on('line', onLine);
  return new Promise((done) => {
    child.on('error', (e) => {
      seg.exit = `could not start jsfuzz: ${e.message}`;
    });
    child.on('close', (code, signal) => {
      clearTimeout(stopTimer);
      opts.signal?.removeEventListener('abort', stop);
      if (killTimer) clearTimeout(killTimer);
      if (seg.exit === null && seg.crash === null && code !== 0 && !stopped) seg.exit = `jsfuzz exited with ${signal ?? `code ${code}`}: ${recent.slice(-5).join(' | ')}`;
      else if (seg.exit === null && seg.crash === null && seg.lastStatus === null && !stopped) seg.exit = `jsfuzz ended before running an input: ${recent.slice(-5).join(' | ')}`;
      done(seg);
    });
  });
}

/**
 * Runs jsfuzz on `target` for `seconds`, then stops it the way Ctrl-C does (SIGINT to its process
 * group, so the worker dumps coverage and exits), and collects progress, crashes and coverage.
 * jsfuzz stops at its first crash; with `keepGoing` it is restarted on the grown corpus until the
 * time or `maxCrashes` is spent.
 */
export async function runJsfuzz(opts: JsfuzzOptions): Promise<JsfuzzResult> {
  mkdirSync(opts.workDir, { recursive: true });
  const grown = opts.corpusDirs[0];
  if (grown !== undefined) mkdirSync(grown, { recursive: true });
  const nyc = join(opts.workDir, '.nyc_output');
  rmSync(nyc, { recursive: true, force: true });
  const start = Date.now();
  const deadline = start + opts.seconds * 1000;
  const samples: ProgressSample[] = [];
  const crashes: JsfuzzCrash[] = [];
  let istanbul: IstanbulCoverage = {};
  let execs = 0;
  let coverage = 0;
  let corpus = 0;
  let segments = 0;
  let error: string | null = null;
  for (;;) {
    segments++;
    const seg = await runSegment(opts, start, deadline, execs, samples);
    istanbul = unionIstanbulCoverage(istanbul, readIstanbulCoverage(join(nyc, 'cov.json')));
    rmSync(nyc, { recursive: true, force: true });
    if (seg.lastStatus) {
      execs += seg.lastStatus.execs;
      coverage = Math.max(coverage, seg.lastStatus.coverage);
      corpus = seg.lastStatus.corpus;
    }
    if (seg.crash) crashes.push(seg.crash);
    if (seg.exit) error = seg.exit;
    const runsLeft = opts.maxRuns === undefined || execs < opts.maxRuns;
    const again = seg.crash !== null && opts.keepGoing === true && runsLeft && crashes.length < (opts.maxCrashes ?? 5) && Date.now() < deadline - 1000 && opts.signal?.aborted !== true;
    if (!again) break;
  }
  return { execs, coverage, corpus, seconds: (Date.now() - start) / 1000, samples, crashes, segments, istanbul, error };
}
