import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { EXIT } from '../errors/exitCodes';
import { getTarget } from './targetRegistry';
import { formatShard } from './shard';
import { resolveCollectors } from './resolveCollectors';
import { prepareOutDir } from './findingStore';
import { caseTimedOut, claimFailure, interruptBoard, isInterrupted, lowerFailureKnown, newStopBoard, PauseLog, readPhase, SlicePhase, type StopBoard } from './stopBoard';
import { threadCpuMs } from './threadCpuClock';
import { writeTimeoutFinding } from './writeTimeoutFinding';
import { minimiseHangInThread, STOP_GRACE_MS } from './hangMinimiser';
import { ProgressReporter } from './progressReporter';
import { shownPath } from './userCwd';
import type { EngineBugRecord, FindingRecord, FuzzSessionConfig, FuzzSummary } from './fuzzSession';
import type { WorkerInput, WorkerMessage } from './fuzzWorker';

/**
 * A fuzz session: validates the target, its options, the collectors and the output directory up
 * front (UsageError or CollectorLoadError before any work), then runs the cases in `workers`
 * worker threads, each on its own runs (disjoint seeds), watched for cases that hang
 * (`caseTimeoutSeconds`), reporting libFuzzer-style progress on stderr. This thread only
 * coordinates, so it always answers signals: SIGINT or SIGTERM stops every phase (cases,
 * minimisation, the shrinking of a hang) within STOP_GRACE_MS, keeping the smallest reproducer
 * written so far (a second signal exits at once). `--time` bounds the whole session the same way.
 * A finding's reproducer is written before it is minimised. The summary lists the finding with
 * the lowest run index, which is the same for any worker count. With `cfg.shard` i/N the session
 * runs only that shard's global runs (see shard.ts); `--runs` counts this shard's runs.
 */
export async function runFuzz(config: FuzzSessionConfig, log: ProgressReporter = new ProgressReporter()): Promise<FuzzSummary> {
  const target = getTarget(config.target);
  target.arbitrary(config.targetOptions); // checks the target's options (e.g. --engines) here, not in a worker
  const selection = resolveCollectors(config.collector);
  const collectorNames = target.usesCollectors === false ? [] : selection.collectors.map((c) => c.name);
  const cfg: FuzzSessionConfig = { ...config, outDir: prepareOutDir(config.outDir) };
  const start = Date.now();
  const deadline = cfg.timeSeconds !== null ? start + cfg.timeSeconds * 1000 : null;
  const board = newStopBoard(cfg.workers);
  let signals = 0;
  const onSignal = (): void => {
    if (++signals > 1) process.exit(EXIT.interrupted);
    interruptBoard(board);
    log.finding('interrupted: stopping within a second (reproducers already written are kept; Ctrl-C again to quit now)');
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  log.inited(`target: ${target.name} collectors: ${collectorNames.join(',') || '-'} seed: ${cfg.seed}${cfg.shard.count > 1 ? ` shard: ${formatShard(cfg.shard)}` : ''} workers: ${cfg.workers}${cfg.runs !== null ? ` runs: ${cfg.runs}` : ''}${cfg.timeSeconds !== null ? ` time: ${cfg.timeSeconds}s` : ''}`);
  const findings: FindingRecord[] = [];
  const onFinding = (f: FindingRecord): void => {
    findings.push(f);
    log.finding(`FINDING [${f.oracle}] collector ${f.collector} run ${f.run} (seed ${f.seed}): ${f.message}`);
    log.finding(`reproducer: ${f.reproducer === '-' ? '(stderr)' : shownPath(f.reproducer)} (${f.originalSize} -> ${f.size} ${target.name === 'ops' ? 'ops' : 'units'})`);
    if (f.fallback !== null) log.finding(`note: ${f.fallback}`);
    log.finding(`replay: ${f.replay}`);
  };
  const engineBugs: EngineBugRecord[] = [];
  const onEngineBug = (b: EngineBugRecord): void => {
    engineBugs.push(b);
    log.finding(`known engine bug (${b.kind}, not a finding) at run ${b.run}: reproducer ${shownPath(b.reproducer)}; going on`);
  };
  let totals: { runs: number; ops: number };
  try {
    totals = await runPool(cfg, board, deadline, log, findings, onFinding, onEngineBug);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  const durationMs = Date.now() - start;
  log.done(totals.runs, totals.ops, findings.length);
  const first = findings.sort((a, b) => a.run - b.run).slice(0, 1);
  const interrupted = isInterrupted(board);
  return {
    target: target.name,
    collector: cfg.collector,
    collectors: collectorNames,
    seed: cfg.seed,
    workers: cfg.workers,
    shard: formatShard(cfg.shard),
    runs: totals.runs,
    ops: totals.ops,
    durationMs,
    opsPerSecond: durationMs > 0 ? Math.round((totals.ops * 1000) / durationMs) : 0,
    interrupted,
    findings: first,
    knownEngineBugs: engineBugs.sort((a, b) => a.run - b.run),
    exitCode: first.length > 0 ? EXIT.finding : interrupted ? EXIT.interrupted : EXIT.clean,
  };
}

/**
 * The CPU time each worker's case has used, for the watchdog: the worker's thread CPU time is read
 * when the watchdog first sees the case (within one WATCHDOG_PERIOD_MS of its start, so at most that
 * much CPU time goes uncounted) and again when the case has run past the timeout; the worker reads
 * nothing per case.
 */
class CaseCpuClocks {
  private readonly run: number[];
  private readonly since: number[];
  private readonly cpuAtStart: number[];

  constructor(workers: number) {
    this.run = new Array<number>(workers).fill(-1);
    this.since = new Array<number>(workers).fill(-1);
    this.cpuAtStart = new Array<number>(workers).fill(-1);
  }

  /** Worker `k` is running local run `run` since `sinceMs` on thread `tid`. */
  see(k: number, run: number, sinceMs: number, tid: number): void {
    if (this.run[k] === run && this.since[k] === sinceMs) return;
    this.run[k] = run;
    this.since[k] = sinceMs;
    this.cpuAtStart[k] = tid > 0 ? (threadCpuMs(tid) ?? -1) : -1;
  }

  /** CPU time worker `k`'s current case has used (null: unknown). */
  used(k: number, tid: number): number | null {
    const start = this.cpuAtStart[k]!;
    if (tid <= 0 || start < 0) return null;
    const now = threadCpuMs(tid);
    return now === null ? null : now - start;
  }
}

/** How often the watchdog looks at the board. */
const WATCHDOG_PERIOD_MS = 100;
/** A gap between watchdog ticks this long means the process was not running (PauseLog). */
const PAUSE_GAP_MS = 2000;

/**
 * The session in `cfg.workers` worker threads, each on its own slice, with a watchdog: a worker
 * whose case has run longer than `cfg.caseTimeoutSeconds` (of its thread's CPU time where /proc
 * tells it: `caseTimedOut`) is terminated and its case becomes a
 * `timeout` finding, written at once and shrunk in another thread (hangMinimiser.ts). A worker
 * whose minimisation has run past its budget plus the case timeout, or that is still busy
 * STOP_GRACE_MS after an interrupt or the deadline, is terminated, and its unminimised reproducer
 * (already on disk, announced by a `found` message) is the finding.
 */
function runPool(
  cfg: FuzzSessionConfig,
  board: StopBoard,
  deadline: number | null,
  log: ProgressReporter,
  findings: FindingRecord[],
  onFinding: (f: FindingRecord) => void,
  onEngineBug: (b: EngineBugRecord) => void,
): Promise<{ runs: number; ops: number }> {
  const perWorker = Array.from({ length: cfg.workers }, () => ({ runs: 0, ops: 0 }));
  const total = () => perWorker.reduce((a, w) => ({ runs: a.runs + w.runs, ops: a.ops + w.ops }), { runs: 0, ops: 0 });
  const epochMs = Date.now();
  const workers: Worker[] = [];
  const pending: (FindingRecord | null)[] = Array.from({ length: cfg.workers }, () => null);
  const ended = Array.from({ length: cfg.workers }, () => false);
  const hangs: Promise<void>[] = [];
  return new Promise((resolve, reject) => {
    let live = cfg.workers;
    let failed: Error | null = null;
    let stopSince: number | null = null;
    const timeout = cfg.caseTimeoutSeconds;
    const clocks = new CaseCpuClocks(cfg.workers);
    const pauses = new PauseLog(PAUSE_GAP_MS);
    const end = (k: number, why: 'hang' | 'stop'): void => {
      ended[k] = true;
      void workers[k]!.terminate();
      const p = pending[k];
      if (p !== null) onFinding({ ...p, message: `${p.message} (${why === 'hang' ? 'minimisation hung' : 'stopped while minimising'}; the reproducer is unminimised)` });
    };
    const watchdog = setInterval(() => {
      const now = Date.now() - epochMs;
      pauses.tick(now);
      if (stopSince === null && (isInterrupted(board) || (deadline !== null && Date.now() > deadline))) stopSince = Date.now();
      const stopNow = stopSince !== null && Date.now() - stopSince >= STOP_GRACE_MS;
      for (let k = 0; k < workers.length; k++) {
        if (ended[k]) continue;
        const p = readPhase(board, k);
        const wall = now - p.sinceMs - pauses.within(p.sinceMs, now);
        if (timeout !== null && p.phase === SlicePhase.Running) clocks.see(k, p.run, p.sinceMs, p.tid);
        if (timeout !== null && p.phase === SlicePhase.Running && wall > timeout * 1000 && caseTimedOut(wall, clocks.used(k, p.tid), timeout * 1000)) {
          ended[k] = true;
          void workers[k]!.terminate();
          claimFailure(board, p.run);
          perWorker[k] = { runs: perWorker[k]!.runs + 1, ops: perWorker[k]!.ops };
          const first = writeTimeoutFinding(cfg, p.run, timeout);
          if (lowerFailureKnown(board, p.run)) {
            onFinding({ ...first, message: `${first.message} (a lower run failed too; the reproducer is unminimised)` });
            continue;
          }
          log.finding(`hang at run ${first.run}: reproducer ${shownPath(first.reproducer)} written; shrinking it`);
          hangs.push(minimiseHangInThread({ cfg, localRun: p.run, timeoutSeconds: timeout, first, board, deadline }).then(onFinding));
        } else if (p.phase === SlicePhase.Minimising && timeout !== null && wall > timeout * 1000 + cfg.minimise.maxMs + 10_000) {
          end(k, 'hang');
        } else if (stopNow) {
          end(k, 'stop');
        }
      }
    }, WATCHDOG_PERIOD_MS);
    const settle = (): void => {
      clearInterval(watchdog);
      void Promise.all(hangs).then(() => (failed !== null ? reject(failed) : resolve(total())));
    };
    for (let k = 0; k < cfg.workers; k++) {
      const input: WorkerInput = { cfg, workerIndex: k, board, deadline, epochMs };
      const w = new Worker(path.join(__dirname, 'fuzzWorker.js'), { workerData: input });
      workers.push(w);
      w.on('message', (m: WorkerMessage) => {
        if (ended[k]) return;
        if (m.type === 'progress' || m.type === 'done') {
          perWorker[k] = { runs: m.runs, ops: m.ops };
          const t = total();
          log.update(t.runs, t.ops, findings.length);
        } else if (m.type === 'found') {
          pending[k] = m.finding;
        } else if (m.type === 'engine-bug') {
          onEngineBug(m.bug);
        } else if (m.type === 'finding') {
          pending[k] = null;
          onFinding(m.finding);
        } else {
          failed = new Error(`fuzz worker ${k} failed: ${m.message}`);
          interruptBoard(board);
        }
      });
      w.on('error', (e) => {
        if (ended[k]) return;
        failed = e;
        interruptBoard(board);
      });
      w.on('exit', () => {
        ended[k] = true;
        if (--live === 0) settle();
      });
    }
  });
}
