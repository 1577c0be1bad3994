import * as os from 'node:os';
import fc from 'fast-check';
import { builtinCollectors } from '../runtime/collectors/builtinCollectors';
import type { OpCase } from '../gen/ops/opCase';
import { opCaseArbitrary } from '../gen/ops/opCaseArbitrary';
import { opsTarget } from '../harness/targets/opsTarget';
import { runOpCase } from '../harness/targets/ops/runOpCase';
import { caseSeed } from '../gen/caseSeed';

/**
 * `npm run bench:ops`: op-stream throughput on one thread, per collector, over the cases
 * `npm run fuzz -- --seed 1` runs first (BENCH_RUNS of them, default 400). For each collector:
 *   - all oracles: `opsTarget.run` (reference model in lock step, per-op checks, heap walk + leak +
 *     host-data checks after every collection, the incremental-vs-full reference run), cases
 *     generated beforehand;
 *   - model only: the primary run with oracles, without the reference run;
 *   - bare runtime: the same ops with no model and no oracles (the floor);
 * and, once, fast-check generation alone. Every figure is the best of BENCH_REPS (default 5)
 * passes after a full warm-up pass, in ops per wall-clock second (the host may be shared: the load
 * average is printed). "End to end" combines generation with the all-oracles pass, which is what
 * `npm run fuzz` sustains for one collector.
 */
function main(): void {
  const runs = Number(process.env['BENCH_RUNS'] ?? 400);
  const reps = Number(process.env['BENCH_REPS'] ?? 5);
  const arb = opCaseArbitrary();
  const generate = (): OpCase[] => Array.from({ length: runs }, (_, i) => fc.sample(arb, { seed: caseSeed(1, i), numRuns: 1 })[0]!);
  const cases = generate();
  const ops = cases.reduce((n, c) => n + c.ops.length, 0);
  const genMs = best(reps, () => void generate());
  line(`${runs} cases of seed 1, ${ops} ops (${(ops / runs).toFixed(0)} per case); node ${process.version}; load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  line(`generation (fast-check + fixup): ${fmt(ops / (genMs / 1000))} ops/s`);
  line('collector  all oracles   model only   bare runtime   end to end   oracle cost/op');
  for (const collector of Object.values(builtinCollectors)) {
    const all = (): void => each(cases, (c) => void opsTarget.run(c, [collector]));
    const model = (): void => each(cases, (c) => void runOpCase(c, { collector, mode: 'lockstep' }));
    const bare = (): void => each(cases, (c) => void runOpCase(c, { collector, mode: 'bare' }));
    all(); model(); bare(); // warm-up
    const tAll = best(reps, all);
    const tModel = best(reps, model);
    const tBare = best(reps, bare);
    const rate = (ms: number): string => fmt(ops / (ms / 1000)).padStart(10);
    const perOp = ((tAll - tBare) * 1000) / ops;
    line(`${collector.name.padEnd(9)} ${rate(tAll)}   ${rate(tModel)}   ${rate(tBare)}   ${rate(tAll + genMs)}   ${perOp.toFixed(2)} µs`);
  }
}

/** Run every case, counting a failing one (there should be none with built-in collectors) on stderr. */
function each(cases: readonly OpCase[], fn: (c: OpCase) => void): void {
  for (const c of cases) {
    try {
      fn(c);
    } catch (e) {
      process.stderr.write(`bench case failed: ${e instanceof Error ? e.message : String(e)}\n`);
    }
  }
}

function best(reps: number, fn: () => void): number {
  let min = Infinity;
  for (let i = 0; i < reps; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    min = Math.min(min, Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return min;
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

function line(s: string): void {
  process.stdout.write(`${s}\n`);
}

main();

