import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import yargs from 'yargs';
import { ORACLE_SWITCHES } from './withoutOracles';
import { UsageError } from '../errors/UsageError';
import { runCommand } from '../errors/exitCodes';
import { mannWhitneyGreater } from './reachTable';

/**
 * `npm run bench:ops-ab -- --base DIR`: this tree's op-stream throughput against another built
 * checkout's (the commit before a change), back to back on one machine. One process of
 * opsAbWorker.ts per (tree, collector, round), so every figure starts from a fresh JIT and heap:
 * within one process the same build's figure moves 10-40% with what V8 decided to optimise, which is
 * why one `bench:ops` run per tree cannot show a 10% change. Rounds alternate which tree goes first.
 * Both trees run the same cases, drawn by `--gen` (default: the base), so a generator change does
 * not count as a speed change. Prints, per collector, the median ops/s of each tree, their ratio
 * and a one-sided Mann-Whitney p-value of "this tree is slower"; rows go to `--out` as JSONL.
 * Not a test: run it on a quiet machine.
 */
interface AbRow {
  readonly tree: string;
  readonly collector: string;
  readonly opsPerSec: number;
  readonly ops: number;
  readonly failed: number;
}

const COLLECTORS = ['null', 'drc', 'copying', 'incremental'];

function hasCollector(tree: string, name: string): boolean {
  const file = name === 'null' ? 'nullHeap' : `${name}Heap`;
  return fs.existsSync(path.join(tree, 'dist/src/runtime/collectors', `${file}.js`));
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

async function main(): Promise<number> {
  const here = path.resolve(__dirname, '../../..');
  const argv = await yargs(process.argv.slice(2))
    .scriptName('npm run bench:ops-ab --')
    .option('base', { type: 'string', demandOption: true, describe: 'a built checkout to compare with (npm run build done in it)' })
    .option('tree', { type: 'string', default: here, describe: 'the tree measured against the base (default: this one)' })
    .option('gen', { type: 'string', describe: 'the built tree whose generator draws the cases (default: --base)' })
    .option('rounds', { type: 'number', default: 8 })
    .option('runs', { type: 'number', default: 200, describe: 'cases of seed 1 per pass' })
    .option('reps', { type: 'number', default: 10, describe: 'timed passes per process, the best kept (with fewer, V8 is still optimising during the passes: 3 gave 157,000-285,000 ops/s for one build, 10 gave 286,000-327,000)' })
    .option('collectors', { type: 'string', default: COLLECTORS.join(',') })
    .option('out', { type: 'string', describe: 'JSONL rows (appended)' })
    .option('tree-without', { type: 'string', default: '', describe: `oracles turned off in --tree only, comma-separated (${ORACLE_SWITCHES.join(', ')}): the base's oracle set, to time the machinery alone` })
    .strict()
    .fail((msg, err) => {
      throw err ?? new UsageError(msg);
    })
    .parse();
  const base = path.resolve(argv.base);
  const tree = path.resolve(argv.tree);
  const gen = path.resolve(argv.gen ?? base);
  for (const t of [base, tree, gen]) if (!fs.existsSync(path.join(t, 'dist/src/harness/targets/opsTarget.js'))) throw new UsageError(`${t}: not a built checkout (no dist/src/harness/targets/opsTarget.js)`);
  if (!(argv.rounds >= 1 && argv.runs >= 1 && argv.reps >= 1)) throw new UsageError('--rounds, --runs and --reps must be at least 1');
  const collectors = argv.collectors.split(',').filter((c) => hasCollector(tree, c));
  const worker = path.join(__dirname, 'opsAbWorker.js');
  const rows: AbRow[] = [];
  process.stdout.write(`node ${process.version}; ${argv.rounds} rounds; ${argv.runs} cases of seed 1 drawn by ${gen}${argv['tree-without'] === '' ? '' : `; off in the tree: ${argv['tree-without']}`}; load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
  for (let r = 0; r < argv.rounds; r++) {
    const order = r % 2 === 0 ? [base, tree] : [tree, base];
    for (const t of order) {
      for (const c of collectors) {
        if (!hasCollector(t, c)) continue;
        const without = t === tree && t !== base ? ['--without', argv['tree-without']] : [];
        const res = spawnSync(process.execPath, [worker, '--tree', t, '--gen', gen, '--collector', c, '--runs', String(argv.runs), '--reps', String(argv.reps), ...without], { encoding: 'utf8' });
        if (res.status !== 0) throw new Error(`opsAbWorker failed on ${t} ${c}: ${res.stderr}`);
        const row = JSON.parse(res.stdout) as AbRow;
        rows.push(row);
        if (argv.out !== undefined) fs.appendFileSync(argv.out, `${JSON.stringify({ round: r + 1, ...row })}\n`);
      }
    }
    process.stderr.write(`round ${r + 1}/${argv.rounds} done\n`);
  }
  process.stdout.write(`collector      base median   tree median   tree/base   p(tree slower)   (ops/s; ${argv['tree-without'] === '' ? 'all oracles' : `tree without ${argv['tree-without']}`})\n`);
  for (const c of collectors) {
    const of = (t: string): number[] => rows.filter((x) => x.tree === t && x.collector === c).map((x) => x.opsPerSec);
    const a = of(base);
    const b = of(tree);
    const failed = rows.filter((x) => x.collector === c).reduce((n, x) => n + x.failed, 0);
    const fmt = (xs: number[]): string => (xs.length === 0 ? '-' : Math.round(median(xs)).toLocaleString('en-US')).padStart(12);
    const ratio = a.length === 0 || b.length === 0 ? '-' : (median(b) / median(a)).toFixed(2);
    process.stdout.write(`${c.padEnd(12)} ${fmt(a)}  ${fmt(b)}   ${ratio.padStart(8)}   ${a.length === 0 ? '-' : mannWhitneyGreater(b, a).toFixed(3).padStart(8)}${failed > 0 ? `   (${failed} case runs failed)` : ''}\n`);
  }
  return 0;
}

runCommand(main);
