import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import yargs from 'yargs';
import { UsageError } from '../src/errors/UsageError';
import { readCoverageSummary } from '../src/harness/nightly/coverageSummary';
import { runC8Report } from './runC8Report';
import { runCommand } from '../src/errors/exitCodes';

const ROOT = resolve(__dirname, '../..');
const OUT = join(ROOT, 'reports/coverage-fuzz');
/** The areas the fuzz-only figure is about (issue 13): the runtime and the interpreter's execution. */
const AREAS = ['src/runtime', 'src/wasm/execution', 'src/wasm', 'oracles'];

/**
 * `npm run coverage:fuzz`: c8 over fixed-seed fuzz sessions of each target only (ops, wasm,
 * decoder, loader; no test file runs), so the figure says what the fuzzers reach on their own. Writes
 * reports/coverage-fuzz/ (html, json-summary, fuzz-coverage.json) and prints line and branch
 * coverage of src/runtime and src/wasm/execution. Exits 1 if a session found something (the
 * figure would then describe a stopped run), else 0.
 */
async function main(): Promise<number> {
  const argv = await yargs(process.argv.slice(2))
    .scriptName('npm run coverage:fuzz --')
    .option('seed', { type: 'number', default: 1 })
    .option('ops-runs', { type: 'number', default: 300 })
    .option('wasm-runs', { type: 'number', default: 100 })
    .option('decoder-runs', { type: 'number', default: 2000 })
    .option('loader-runs', { type: 'number', default: 1000, describe: 'runs of the loader target, the only session that reaches the --collector loader' })
    .strict()
    .fail((msg, err) => {
      throw err ?? new UsageError(msg);
    })
    .parse();
  const v8Dir = join(OUT, '.v8');
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(v8Dir, { recursive: true });
  const sessions: [string, number][] = [['ops', argv['ops-runs']], ['wasm', argv['wasm-runs']], ['decoder', argv['decoder-runs']], ['loader', argv['loader-runs']]];
  const started = Date.now();
  for (const [target, runs] of sessions) {
    const args = ['dist/src/cli.js', 'fuzz', '--target', target, '--collector', 'all', '--seed', String(argv.seed), '--runs', String(runs), '--workers', '1', '--out', join(OUT, 'findings')];
    process.stderr.write(`==coverage:fuzz== node ${args.join(' ')}\n`);
    const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, NODE_V8_COVERAGE: v8Dir } });
    if (r.status !== 0) {
      process.stderr.write(`==coverage:fuzz== ${target} exited ${r.status}: a finding or an error; no figure\n`);
      return r.status === 1 ? 1 : 3;
    }
  }
  const err = await runC8Report(ROOT, v8Dir, OUT, ['json-summary', 'html', 'text-summary']);
  const summaryFile = join(OUT, 'coverage-summary.json');
  if (err !== null || !existsSync(summaryFile)) throw new Error(err ?? 'c8 wrote no coverage-summary.json');
  const record = readCoverageSummary(summaryFile, ROOT, AREAS, relative(ROOT, summaryFile));
  rmSync(v8Dir, { recursive: true, force: true });
  writeFileSync(join(OUT, 'fuzz-coverage.json'), `${JSON.stringify({ seed: argv.seed, sessions, seconds: Math.round((Date.now() - started) / 1000), coverage: record }, null, 2)}\n`);
  for (const area of AREAS) {
    const d = record.directories[area];
    if (d) process.stdout.write(`${area}: lines ${d.lines}%, branches ${d.branches}%, functions ${d.functions}%\n`);
  }
  process.stdout.write(`report: ${relative(ROOT, join(OUT, 'index.html'))}\n`);
  return 0;
}

runCommand(main);
