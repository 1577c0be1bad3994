import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import yargs from 'yargs';
import { UsageError } from '../errors/UsageError';
import { compareReach, reachTableText, type ReachRow } from './reachTable';

/**
 * How fast the op-stream target finds each broken collector (not a test): for every configuration
 * below and each seed, the first-finding run of
 * `node dist/src/cli.js fuzz --seed S --runs 2000 --workers 1 --collector dist/tests/brokenCollectors/M.js --json --minimise-runs 0`
 * run in `--tree` (a built checkout; default this one), through the real CLI. Run counts are
 * deterministic, so machine load changes only the time. Rows go to `--out` as JSONL
 * (`{label, mutant, seed, run, oracle, ms}`); rows already there are kept and not re-run, so an
 * interrupted bench resumes. Prints one table; with `--compare base.jsonl`, both sides over the
 * seeds both measured, a one-sided Mann-Whitney p-value of "needs more runs than the base", and
 * flags configurations whose mean is higher. Seeds go in order (every configuration on seed A, then
 * A+1, ...), so a bench stopped early still compares like with like.
 *
 * Usage: node dist/src/bench/mutantReachBench.js [--tree DIR] [--seeds 1-24] [--parallel 2]
 *   [--out FILE] [--label NAME] [--only cfg,cfg] [--compare base.jsonl[,more.jsonl]] [--table-only]
 */

const RUNS = 2000;

/** Configuration name: the broken collector's module, `:Z` adds `--incremental-zeal Z`. */
export const REACH_CONFIGS: readonly string[] = [
  'leakyDrc', 'stackDroppingDrc', 'hostDataDroppingNull', 'uncheckedNull', 'slicedCopying', 'nullSkippingDrc',
  'forgetPendingException', 'exnPayloadLeakingDrc', 'exnrefBarrierSkippingDrc',
  'incrementalNoFieldBarrier', 'incrementalNoElementBarrier', 'incrementalNoGlobalBarrier', 'incrementalNoTableBarrier',
  'incrementalNoHandleBarrier', 'incrementalNullSkippingBarrier', 'incrementalWhiteAllocation', 'incrementalDropLeavesMarks',
  'incrementalSweepReleasesLiveHostData', 'forgetOuterStackRoots', 'chainWalkingDrc', 'sizeWrappingDrc', 'insertWithGcDrc',
  'incrementalNoStackSnapshot:0',
];

function cliArgs(config: string, seed: number, out: string): string[] {
  const [m, zeal] = config.split(':');
  const args = ['dist/src/cli.js', 'fuzz', '--seed', String(seed), '--runs', String(RUNS), '--workers', '1', '--collector', `dist/tests/brokenCollectors/${m}.js`, '--json', '--minimise-runs', '0', '--out', out];
  if (zeal !== undefined) args.push('--incremental-zeal', zeal);
  if (m === 'chainWalkingDrc') args.push('--case-timeout', '3'); // it hangs: 3 s a hang, not 30
  return args;
}

function runOne(tree: string, label: string, config: string, seed: number): Promise<ReachRow & { label: string; ms: number }> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'gcfuzz-reach-'));
  const t0 = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, cliArgs(config, seed, out), { cwd: tree, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => {
      fs.rmSync(out, { recursive: true, force: true });
      let run = RUNS;
      let oracle = 'none';
      const line = stdout.split('\n').find((l) => l.startsWith('{'));
      if (line === undefined) oracle = `ERR:${code}:${stderr.slice(0, 200).replace(/\n/g, ' ')}`;
      else {
        const f = (JSON.parse(line) as { findings: { run: number; oracle: string }[] }).findings[0];
        if (f !== undefined) ({ run, oracle } = f);
      }
      resolve({ label, mutant: config, seed, run, oracle, ms: Date.now() - t0 });
    });
  });
}

function readRows(file: string): ReachRow[] {
  if (!fs.existsSync(file)) return [];
  return fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as ReachRow & { done?: boolean }).filter((r) => r.done !== true && r.mutant !== undefined);
}

function seedList(spec: string): number[] {
  const [a, b] = spec.split('-').map(Number);
  return Array.from({ length: (b ?? a!) - a! + 1 }, (_, i) => a! + i);
}

async function main(): Promise<void> {
  const values = yargs(process.argv.slice(2))
    .scriptName('npm run bench:reach --')
    .option('tree', { type: 'string', default: '.', describe: 'a built gcfuzz tree to measure (its dist/ is run)' })
    .option('seeds', { type: 'string', default: '1-24', describe: 'seed range A-B (or one seed)' })
    .option('parallel', { type: 'number', default: 2, describe: 'fuzz processes at once' })
    .option('out', { type: 'string', describe: 'JSONL rows (default reports/reach/<label>.jsonl); rows already there are not run again' })
    .option('label', { type: 'string', describe: 'label of this tree\'s rows (default the tree\'s folder name)' })
    .option('only', { type: 'string', describe: 'comma-separated configurations (default all)' })
    .option('compare', { type: 'string', describe: 'comma-separated JSONL files of the base tree' })
    .option('table-only', { type: 'boolean', default: false, describe: 'run nothing, print the table of the rows in --out' })
    .check((a) => {
      if (!/^\d+(-\d+)?$/.test(a.seeds)) throw new UsageError(`--seeds: expected A-B, got ${a.seeds}`);
      if (!Number.isInteger(a.parallel) || a.parallel < 1) throw new UsageError(`--parallel: expected a positive integer, got ${a.parallel}`);
      return true;
    })
    .strict()
    .parseSync();
  const tree = path.resolve(values.tree);
  const label = values.label ?? path.basename(tree);
  const outFile = values.out ?? path.join('reports', 'reach', `${label}.jsonl`);
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  const only = values.only?.split(',');
  const configs = REACH_CONFIGS.filter((c) => (only === undefined || only.includes(c)) && fs.existsSync(path.join(tree, `dist/tests/brokenCollectors/${c.split(':')[0]}.js`)));
  const seeds = seedList(values.seeds);
  const have = new Set(readRows(outFile).map((r) => `${r.mutant}@${r.seed}`));
  const todo = seeds.flatMap((s) => configs.map((c) => [c, s] as const)).filter(([c, s]) => !have.has(`${c}@${s}`));
  if (!values['table-only']) {
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < todo.length) {
        const [c, s] = todo[next++]!;
        const row = await runOne(tree, label, c, s);
        fs.appendFileSync(outFile, JSON.stringify(row) + '\n');
        process.stderr.write(`${c} seed ${s}: ${row.run === RUNS ? 'miss' : `run ${row.run} ${row.oracle}`} (${row.ms} ms)\n`);
      }
    };
    await Promise.all(Array.from({ length: values.parallel }, worker));
  }
  const wanted = new Set(configs.flatMap((c) => seeds.map((s) => `${c}@${s}`)));
  const rows = readRows(outFile).filter((r) => wanted.has(`${r.mutant}@${r.seed}`));
  const base = values.compare?.split(',').flatMap(readRows);
  console.log(`bench:reach ${label} (${tree}), seeds ${values.seeds}, miss = ${RUNS}${values.compare ? `, base ${values.compare}` : ''}`);
  console.log(reachTableText(compareReach(rows, RUNS, base)));
}

void main();
