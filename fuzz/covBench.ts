import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import { join, resolve } from 'node:path';
import { defaultInstrumentCacheDir, feedbackDirs, installInstrumentCache } from './instrumentCache';
import { instrumentedEnv } from './instrumentedEnv';
import { mutatedInputs } from './mutatedInputs';

const ROOT = resolve(__dirname, '../..');
const TARGETS = ['ops', 'wasm'] as const;

/**
 * `npm run bench:cov`: exec/s of the coverage-guided targets (fuzz/opsTarget.ts, fuzz/wasmTarget.ts)
 * in-process, without jsfuzz's driver, IPC and mutator: each target's `fuzz(buf)` over its seed
 * corpus and BENCH_INPUTS (default 1000) deterministic mutations of it (mutatedInputs), capped at
 * jsfuzz's 4096 bytes, in two modes, each in a fresh process:
 *   - plain: the compiled target as `node` loads it;
 *   - instrumented: loaded through the same istanbul hook and options jsfuzz's worker installs
 *     (through the instrumentation cache), only COVERAGE_FEEDBACK_DIRS as in fuzz:cov (every
 *     module, as before, with BENCH_INSTRUMENT_ALL=1),
 *     and after each exec the worker's coverage count (getTotalCoverage), as jsfuzz does.
 * One warm-up pass, then the best of BENCH_REPS (default 3) passes, in execs per wall-clock second
 * and per CPU second of the process (the host may be shared: the load average is printed). Crashing inputs are counted (a
 * crash ends a jsfuzz run, so their share should be small). The figure jsfuzz itself reaches is
 * lower by its per-exec IPC: measure it with `npm run fuzz:cov -- --target T DIR -max_total_time=60`.
 */
function main(): void {
  const args = process.argv.slice(2);
  if (args[0] === '--child') {
    child(args[1] as (typeof TARGETS)[number], args[2] === 'instrumented');
    return;
  }
  const only = args.filter((a) => (TARGETS as readonly string[]).includes(a));
  console.log(`bench:cov  node ${process.version}  ${os.cpus().length} cpus  load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  for (const target of only.length > 0 ? only : TARGETS) {
    for (const mode of ['plain', 'instrumented']) {
      const r = spawnSync(process.execPath, [__filename, '--child', target, mode], { encoding: 'utf8', env: instrumentedEnv(), stdio: ['ignore', 'pipe', 'inherit'] });
      if (r.status !== 0) throw new Error(`bench child ${target}/${mode} exited ${r.status}`);
      process.stdout.write(r.stdout);
    }
  }
}

interface FileCoverage {
  s: Record<string, number>;
  f: Record<string, number>;
  b: Record<string, number[]>;
}

/** jsfuzz's worker's getTotalCoverage (build/src/worker.js), which it runs after every exec. */
function totalCoverage(): number {
  const cov = (globalThis as { __coverage__?: Record<string, FileCoverage> }).__coverage__ ?? {};
  let total = 0;
  for (const file in cov) {
    const c = cov[file]!;
    for (const s in c.s) total += c.s[s] ? 1 : 0;
    for (const f in c.f) total += c.f[f] ? 1 : 0;
    for (const b in c.b) for (const i of c.b[b]!) total += i ? 1 : 0;
  }
  return total;
}

function child(target: (typeof TARGETS)[number], instrumented: boolean): void {
  if (instrumented) {
    installInstrumentCache(defaultInstrumentCacheDir(ROOT), process.env['BENCH_INSTRUMENT_ALL'] === '1' ? undefined : feedbackDirs(ROOT));
    const req = createRequire(require.resolve('jsfuzz/build/src/worker.js'));
    const { createInstrumenter } = req('istanbul-lib-instrument') as { createInstrumenter(o: unknown): { instrumentSync(code: string, file: string): string } };
    const { hookRequire } = req('istanbul-lib-hook') as { hookRequire(m: (f: string) => boolean, t: (code: string, o: { filename: string }) => string): void };
    const instrumenter = createInstrumenter({ compact: true });
    hookRequire(() => true, (code, { filename }) => instrumenter.instrumentSync(code, filename));
  }
  const loadStart = performance.now();
  const fuzz = (require(join(ROOT, `dist/fuzz/${target}Target.js`)) as { fuzz: (b: Buffer) => void }).fuzz;
  const loadMs = performance.now() - loadStart;
  const seedDir = join(ROOT, 'corpus', target);
  const seeds = readdirSync(seedDir).sort().map((f) => new Uint8Array(readFileSync(join(seedDir, f))));
  // Loaded after the target, so that under the hook it is instrumented like everything the target loads.
  const { MAX_CORPUS_INPUT_BYTES } = require('./jsfuzzTargets') as typeof import('./jsfuzzTargets');
  const inputs = [...mutatedInputs(seeds, Number(process.env['BENCH_INPUTS'] ?? 1000))].map((b) => Buffer.from(b.subarray(0, MAX_CORPUS_INPUT_BYTES)));
  const reps = Number(process.env['BENCH_REPS'] ?? 3);
  let crashes = 0;
  const pass = (): { wall: number; cpu: number } => {
    crashes = 0;
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    for (const buf of inputs) {
      try {
        fuzz(buf);
      } catch {
        crashes++;
      }
      if (instrumented) totalCoverage();
    }
    const c = process.cpuUsage(c0);
    return { wall: performance.now() - t0, cpu: (c.user + c.system) / 1000 };
  };
  pass();
  let best = { wall: Infinity, cpu: Infinity };
  for (let i = 0; i < reps; i++) {
    const p = pass();
    if (p.wall < best.wall) best = p;
  }
  const cov = instrumented ? `  coverage ${totalCoverage()}` : '';
  console.log(`${target.padEnd(5)} ${(instrumented ? 'instrumented' : 'plain').padEnd(12)} ${Math.round((inputs.length / best.wall) * 1000).toString().padStart(7)} exec/s  ${Math.round((inputs.length / best.cpu) * 1000).toString().padStart(7)} exec/CPU-s  (${inputs.length} inputs, ${crashes} crashing, load ${Math.round(loadMs)} ms)${cov}`);
}

main();
