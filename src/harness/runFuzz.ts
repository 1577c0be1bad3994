import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { getTarget } from './targetRegistry';
import { formatShard } from './shard';
import { resolveCollectors } from './resolveCollectors';
import { runSlice } from './runSlice';
import { claimFailure, interruptBoard, isInterrupted, newStopBoard, readPhase, SlicePhase, type StopBoard } from './stopBoard';
import { writeTimeoutFinding } from './writeTimeoutFinding';
import { ProgressReporter } from './progressReporter';
import type { FindingRecord, FuzzSessionConfig, FuzzSummary } from './fuzzSession';
import type { WorkerInput, WorkerMessage } from './fuzzWorker';

/**
 * A fuzz session: validates the target and collectors up front (UsageError before any work),
 * then runs the cases in `workers` worker threads, each on its own runs (disjoint seeds), watched
 * for cases that hang (`caseTimeoutSeconds`; without it, one worker runs in-process), reporting
 * libFuzzer-style progress on stderr. SIGINT or SIGTERM stops the session at the next run
 * boundary (a second one exits at once); a finding's reproducer is written before it
 * is minimised, and a minimisation under way stops early and rewrites it with the best case so far.
 * The summary lists the finding with the lowest run index, which is the same for any worker count.
 * With `cfg.shard` i/N the session runs only that shard's global runs (see shard.ts); `--runs`
 * counts this shard's runs.
 */
export async function runFuzz(cfg: FuzzSessionConfig, log: ProgressReporter = new ProgressReporter()): Promise<FuzzSummary> {
  const target = getTarget(cfg.target);
  const selection = resolveCollectors(cfg.collector);
  target.arbitrary(cfg.targetOptions); // checks the target options (engines this Node lacks...) before any work
  const start = Date.now();
  const deadline = cfg.timeSeconds !== null ? start + cfg.timeSeconds * 1000 : null;
  const board = newStopBoard(cfg.workers);
  let sigints = 0;
  const onSigint = (): void => {
    if (++sigints > 1) process.exit(130);
    interruptBoard(board);
    log.finding('interrupted: finishing the current run (reproducers already written are kept; Ctrl-C again to quit now)');
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
  log.inited(`target: ${target.name} collectors: ${selection.collectors.map((c) => c.name).join(',')} seed: ${cfg.seed}${cfg.shard.count > 1 ? ` shard: ${formatShard(cfg.shard)}` : ''} workers: ${cfg.workers}${cfg.runs !== null ? ` runs: ${cfg.runs}` : ''}${cfg.timeSeconds !== null ? ` time: ${cfg.timeSeconds}s` : ''}`);
  const findings: FindingRecord[] = [];
  const onFinding = (f: FindingRecord): void => {
    findings.push(f);
    log.finding(`FINDING [${f.oracle}] collector ${f.collector} run ${f.run} (seed ${f.seed}): ${f.message}`);
    log.finding(`reproducer: ${path.relative(process.cwd(), f.reproducer) || f.reproducer} (${f.originalSize} -> ${f.size} ${target.name === 'ops' ? 'ops' : 'units'})`);
    log.finding(`replay: ${f.replay}`);
  };
  let totals: { runs: number; ops: number };
  try {
    totals = cfg.workers <= 1 && cfg.caseTimeoutSeconds === null
      ? await runInProcess(cfg, board, deadline, log, findings, onFinding)
      : await runPool(cfg, board, deadline, log, findings, onFinding);
  } finally {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
  }
  const durationMs = Date.now() - start;
  log.done(totals.runs, totals.ops, findings.length);
  const first = findings.sort((a, b) => a.run - b.run).slice(0, 1);
  return {
    target: target.name,
    collector: cfg.collector,
    collectors: selection.collectors.map((c) => c.name),
    seed: cfg.seed,
    workers: cfg.workers,
    shard: formatShard(cfg.shard),
    runs: totals.runs,
    ops: totals.ops,
    durationMs,
    opsPerSecond: durationMs > 0 ? Math.round((totals.ops * 1000) / durationMs) : 0,
    interrupted: isInterrupted(board),
    findings: first,
    exitCode: first.length > 0 ? 1 : 0,
  };
}

async function runInProcess(
  cfg: FuzzSessionConfig,
  board: StopBoard,
  deadline: number | null,
  log: ProgressReporter,
  findings: FindingRecord[],
  onFinding: (f: FindingRecord) => void,
): Promise<{ runs: number; ops: number }> {
  return runSlice({ ...cfg, workers: 1 }, 0, board, deadline, {
    progress: (runs, ops) => log.update(runs, ops, findings.length),
    finding: onFinding,
  });
}

/** How often the watchdog looks at the board. */
const WATCHDOG_PERIOD_MS = 200;

/**
 * The session in `cfg.workers` worker threads, each on its own slice, with a watchdog when
 * `cfg.caseTimeoutSeconds` is set: a worker whose case has run longer than that is terminated and
 * its case becomes a `timeout` finding, shrunk here while this thread waits (writeTimeoutFinding).
 * A worker whose minimisation has run past its budget plus the case timeout is terminated, and its
 * unminimised reproducer (already on disk, announced by a `found` message) is the finding.
 */
function runPool(
  cfg: FuzzSessionConfig,
  board: StopBoard,
  deadline: number | null,
  log: ProgressReporter,
  findings: FindingRecord[],
  onFinding: (f: FindingRecord) => void,
): Promise<{ runs: number; ops: number }> {
  const perWorker = Array.from({ length: cfg.workers }, () => ({ runs: 0, ops: 0 }));
  const total = () => perWorker.reduce((a, w) => ({ runs: a.runs + w.runs, ops: a.ops + w.ops }), { runs: 0, ops: 0 });
  const epochMs = Date.now();
  const workers: Worker[] = [];
  const pending: (FindingRecord | null)[] = Array.from({ length: cfg.workers }, () => null);
  const ended = Array.from({ length: cfg.workers }, () => false);
  return new Promise((resolve, reject) => {
    let live = cfg.workers;
    let failed: Error | null = null;
    const timeout = cfg.caseTimeoutSeconds;
    const watchdog = timeout === null ? null : setInterval(() => {
      const now = Date.now() - epochMs;
      for (let k = 0; k < workers.length; k++) {
        if (ended[k]) continue;
        const p = readPhase(board, k);
        const limitMs = p.phase === SlicePhase.Running ? timeout * 1000 : p.phase === SlicePhase.Minimising ? timeout * 1000 + cfg.minimise.maxMs + 10_000 : Infinity;
        if (now - p.sinceMs <= limitMs) continue;
        ended[k] = true;
        void workers[k]!.terminate();
        claimFailure(board, p.run);
        if (p.phase === SlicePhase.Running) {
          perWorker[k] = { runs: perWorker[k]!.runs + 1, ops: perWorker[k]!.ops };
          onFinding(writeTimeoutFinding(cfg, p.run, timeout, () => isInterrupted(board)));
        } else if (pending[k] !== null) {
          onFinding({ ...pending[k]!, message: `${pending[k]!.message} (minimisation hung; the reproducer is unminimised)` });
        }
      }
    }, WATCHDOG_PERIOD_MS);
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
        if (--live === 0) {
          if (watchdog !== null) clearInterval(watchdog);
          if (failed !== null) reject(failed);
          else resolve(total());
        }
      });
    }
  });
}
