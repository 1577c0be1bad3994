import { createRequire } from 'node:module';
import * as path from 'node:path';
import yargs from 'yargs';
import { UsageError } from '../errors/UsageError';
import { withoutOracles } from './withoutOracles';

/**
 * One measurement of `npm run bench:ops-ab` (opsAbBench.ts), in a fresh process: the op-stream
 * target's throughput with all oracles (`opsTarget.run`, as `bench:ops`'s first column) of the
 * built tree `--tree` on one collector, over the first `--runs` cases of seed 1 as the built tree
 * `--gen` draws them, each passed through the measured tree's own fixup (`opsTarget.deserialise`),
 * so two trees are timed on the same ops. Warm-up as `bench:ops` has it: the other collectors first
 * (their call sites are shared), then one pass of this one; the figure is the best of `--reps`
 * passes. Prints one JSON line `{tree, collector, opsPerSec, ops}`.
 *
 * Only the modules every tree since ad15ba4 has are loaded, by path, so a tree from before this file
 * existed can be measured. `--without` turns oracles off in the measured tree (withoutOracles.ts).
 */

interface OpCaseLike {
  readonly ops: readonly unknown[];
}
interface CollectorLike {
  readonly name: string;
}
interface TreeModules {
  readonly sample: (seed: number) => unknown;
  readonly deserialise: (json: unknown) => OpCaseLike;
  readonly run: (c: OpCaseLike, collectors: readonly CollectorLike[]) => unknown;
  readonly collectors: readonly CollectorLike[];
}

function loadTree(dir: string, without: readonly string[] = []): TreeModules {
  const load = createRequire(path.join(path.resolve(dir), 'package.json'));
  withoutOracles(load, without);
  const fc = load('fast-check') as { sample: (arb: unknown, o: { seed: number; numRuns: number }) => unknown[] };
  const { opCaseArbitrary } = load('./dist/src/gen/ops/opCaseArbitrary') as { opCaseArbitrary: () => unknown };
  const { opsTarget } = load('./dist/src/harness/targets/opsTarget') as { opsTarget: { run: TreeModules['run']; deserialise: TreeModules['deserialise'] } };
  const { builtinCollectors } = load('./dist/src/runtime/collectors/builtinCollectors') as { builtinCollectors: Record<string, CollectorLike> };
  // caseSeed moved from src/harness to src/gen in session 4.
  let caseSeed: (seed: number, run: number) => number;
  try {
    caseSeed = (load('./dist/src/gen/caseSeed') as { caseSeed: typeof caseSeed }).caseSeed;
  } catch {
    caseSeed = (load('./dist/src/harness/caseSeed') as { caseSeed: typeof caseSeed }).caseSeed;
  }
  const arb = opCaseArbitrary();
  return {
    sample: (run) => fc.sample(arb, { seed: caseSeed(1, run), numRuns: 1 })[0],
    deserialise: opsTarget.deserialise,
    run: opsTarget.run,
    collectors: Object.values(builtinCollectors),
  };
}

function main(): void {
  const argv = yargs(process.argv.slice(2))
    .option('tree', { type: 'string', demandOption: true })
    .option('gen', { type: 'string', demandOption: true })
    .option('collector', { type: 'string', demandOption: true })
    .option('runs', { type: 'number', demandOption: true })
    .option('reps', { type: 'number', demandOption: true })
    .option('without', { type: 'string', default: '' })
    .strict()
    .parseSync();
  const tree = loadTree(argv.tree, argv.without === '' ? [] : argv.without.split(','));
  const gen = argv.gen === argv.tree ? tree : loadTree(argv.gen);
  const { runs, reps } = argv;
  const collector = tree.collectors.find((c) => c.name === argv.collector);
  if (collector === undefined) throw new UsageError(`opsAbWorker: ${argv.tree} has no collector ${argv.collector}`);
  const cases = Array.from({ length: runs }, (_, i) => tree.deserialise(JSON.parse(JSON.stringify(gen.sample(i)))));
  const ops = cases.reduce((n, c) => n + c.ops.length, 0);
  let failed = 0;
  const pass = (col: CollectorLike): void => {
    for (const c of cases) {
      try {
        tree.run(c, [col]);
      } catch {
        failed++;
      }
    }
  };
  for (const other of tree.collectors) if (other !== collector) pass(other);
  pass(collector);
  let best = Infinity;
  for (let i = 0; i < reps; i++) {
    const t0 = process.hrtime.bigint();
    pass(collector);
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e6);
  }
  process.stdout.write(`${JSON.stringify({ tree: argv.tree, collector: collector.name, opsPerSec: Math.round(ops / (best / 1000)), ops, failed })}\n`);
}

main();
