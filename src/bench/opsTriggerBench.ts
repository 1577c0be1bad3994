import fc from 'fast-check';
import { caseSeed } from '../gen/caseSeed';
import { opCaseArbitrary } from '../gen/ops/opCaseArbitrary';
import { runOpCase } from '../harness/targets/ops/runOpCase';
import { builtinCollectors } from '../runtime/collectors/builtinCollectors';
import { GcTriggerTally, gcTriggerTable } from './gcTriggerTable';

/**
 * `npm run bench:ops-triggers`: the op-stream counterpart of `bench:wasm-shape`'s trigger table.
 * Over the cases `npm run fuzz -- --seed 1` runs first (BENCH_RUNS, default 1000), run each on
 * every built-in collector as the fuzzer's primary run does (model in lock step) and count, per
 * 1,000 cases, which trigger started each collection (`Store.gcTriggerCounts`). Not a test.
 */
function main(): void {
  const runs = Number(process.env['BENCH_RUNS'] ?? 1000);
  const arb = opCaseArbitrary();
  const cases = Array.from({ length: runs }, (_, i) => fc.sample(arb, { seed: caseSeed(1, i), numRuns: 1 })[0]!);
  const tallies = new Map<string, GcTriggerTally>();
  for (const collector of Object.values(builtinCollectors)) {
    const t = new GcTriggerTally();
    for (const c of cases) {
      try {
        t.add(runOpCase(c, { collector, mode: 'lockstep' }).gcTriggers);
      } catch (e) {
        process.stderr.write(`bench case failed: ${e instanceof Error ? e.message : String(e)}\n`);
      }
    }
    tallies.set(collector.name, t);
  }
  for (const l of gcTriggerTable(runs, tallies)) process.stdout.write(`${l}\n`);
}

main();
