import { spawn } from 'node:child_process';
import { join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import type { FuzzSummary } from '../src/harness/fuzzSession';
import { describeFinding } from '../src/harness/nightly/describeFinding';
import type { Finding, JobSummary, ProgressSample } from '../src/harness/nightly/nightlySummary';
import { formatShard, type Shard } from '../src/harness/shard';
import { parseFuzzProgressLine } from './parseFuzzProgressLine';
import type { PlannedJob } from './planNightlyJobs';

export interface SeededJobSpec {
  readonly job: PlannedJob;
  /** Base seed; segment j of the job (after j findings) runs seed + j. */
  readonly seed: number;
  readonly seconds: number;
  readonly shard: Shard;
  readonly root: string;
  /** Reproducers go to `<outDir>/crashes`. */
  readonly outDir: string;
  /** NODE_V8_COVERAGE for the fuzz processes (null: no coverage). */
  readonly v8CoverageDir: string | null;
  /** Stop restarting after this many findings. Default 3. */
  readonly maxFindings?: number;
  readonly signal?: AbortSignal;
  readonly onLine?: (line: string) => void;
}

const MIN_SEGMENT_SECONDS = 2;
const KILL_AFTER_MS = 60_000;

interface SegmentResult {
  readonly summary: FuzzSummary | null;
  readonly error: string | null;
}

function runSegment(spec: SeededJobSpec, seed: number, seconds: number, offset: number, samples: ProgressSample[]): Promise<SegmentResult> {
  const { job } = spec;
  const args = [
    join(spec.root, 'dist/src/cli.js'), 'fuzz',
    '--target', job.target,
    '--collector', job.collector ?? 'all',
    '--seed', String(seed),
    '--time', String(seconds),
    '--workers', '1',
    '--out', join(spec.outDir, 'crashes'),
    '--json',
    ...(job.engine !== null ? ['--engines', job.engine] : []),
    ...(spec.shard.count > 1 ? ['--shard', formatShard(spec.shard)] : []),
  ];
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (spec.v8CoverageDir !== null) env.NODE_V8_COVERAGE = spec.v8CoverageDir;
  else delete env.NODE_V8_COVERAGE;
  const child = spawn(process.execPath, args, { cwd: spec.root, stdio: ['ignore', 'pipe', 'pipe'], env });
  let lastStdout = '';
  const tail: string[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (line.trim() !== '') lastStdout = line;
  });
  createInterface({ input: child.stderr }).on('line', (line) => {
    spec.onLine?.(line);
    const p = parseFuzzProgressLine(line);
    if (p) samples.push({ t: Math.round((offset + p.time) * 10) / 10, runs: p.runs, ops: p.ops, coverage: null });
    else {
      tail.push(line);
      if (tail.length > 20) tail.shift();
    }
  });
  const stop = (): void => {
    child.kill('SIGINT');
  };
  spec.signal?.addEventListener('abort', stop, { once: true });
  const killer = setTimeout(() => child.kill('SIGKILL'), seconds * 1000 + KILL_AFTER_MS);
  return new Promise((resolve) => {
    child.on('error', (e) => resolve({ summary: null, error: `could not start the fuzz CLI: ${e.message}` }));
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      spec.signal?.removeEventListener('abort', stop);
      let summary: FuzzSummary | null = null;
      try {
        summary = JSON.parse(lastStdout) as FuzzSummary;
      } catch {
        summary = null;
      }
      if ((code === 0 || code === 1) && summary !== null) resolve({ summary, error: null });
      else resolve({ summary, error: `fuzz CLI exited with ${signal ?? `code ${code}`}: ${tail.slice(-3).join(' | ')}` });
    });
  });
}

/**
 * One nightly seeded job: `node dist/src/cli.js fuzz` on the job's target, collector (and engine)
 * from `seed` for `seconds`. The CLI stops at its first finding; the job then continues with the
 * next base seed (seed + 1, seed + 2, ...) while time and `maxFindings` allow, so every segment is
 * replayable from its own seed. Progress samples are cumulative over segments.
 */
export async function runSeededJob(spec: SeededJobSpec): Promise<{ job: JobSummary; findings: Finding[] }> {
  const start = Date.now();
  const deadline = start + spec.seconds * 1000;
  const samples: ProgressSample[] = [];
  const findings: Finding[] = [];
  let runs = 0;
  let ops = 0;
  let error: string | null = null;
  for (let segment = 0; ; segment++) {
    const left = Math.floor((deadline - Date.now()) / 1000);
    if (left < MIN_SEGMENT_SECONDS || spec.signal?.aborted === true) break;
    const segSamples: ProgressSample[] = [];
    const r = await runSegment(spec, spec.seed + segment, left, (Date.now() - start) / 1000, segSamples);
    samples.push(...segSamples.map((s) => ({ ...s, runs: runs + s.runs, ops: ops + (s.ops ?? 0) })));
    if (r.summary) {
      runs += r.summary.runs;
      ops += r.summary.ops;
      for (const f of r.summary.findings) {
        findings.push(describeFinding({
          job: spec.job.id,
          target: spec.job.target,
          collector: f.collector,
          shard: formatShard(spec.shard),
          oracle: f.oracle,
          message: f.message,
          reproducer: relative(spec.root, f.reproducer),
          replay: `npm run replay -- ${relative(spec.root, f.reproducer)}`,
        }, f.reproducer));
      }
    }
    if (r.error !== null) {
      error = r.error;
      break;
    }
    if (r.summary === null || r.summary.findings.length === 0 || findings.length >= (spec.maxFindings ?? 3)) break;
  }
  const job: JobSummary = {
    id: spec.job.id,
    kind: 'seeded',
    target: spec.job.target,
    collector: spec.job.collector,
    engine: spec.job.engine,
    shards: [formatShard(spec.shard)],
    seed: spec.seed,
    seconds: Math.round((Date.now() - start) / 100) / 10,
    runs,
    ops,
    findings: findings.length,
    coverage: null,
    error,
    samples,
  };
  return { job, findings };
}
