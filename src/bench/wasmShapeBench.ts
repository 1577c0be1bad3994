import fc from 'fast-check';
import { wasmCaseArbitrary } from '../gen/wasm/wasmCaseArbitrary';
import { builtinCollectors } from '../runtime/collectors/builtinCollectors';
import { DEFAULT_INTERPRETER_CONFIG, InterpreterEngine } from '../../oracles/engines/interpreterEngine';
import { modelCollector } from '../../oracles/engines/modelGcHeap';
import { GcTriggerTally, gcTriggersFromStats, gcTriggerTable } from './gcTriggerTable';

/**
 * What the Wasm program generator's programs do once run (not a test): on the interpreter with
 * DRC, over N programs from fast-check seeds 0..N-1, the share of invocations that return rather
 * than trap, instructions executed per program (median, p90), collections per program, the trap
 * messages by count, and how many host objects outlive their program (the V8 host-lifetime check
 * has only those to check), and per collector how often each GC trigger started a collection
 * per 1,000 programs (allocation failure, zeal, the DRC stack-roots list on entering Wasm, the
 * incremental zeal, gc_step, explicit) and how many collections gc_step sliced or abandoned. A generator whose programs trap at once or never collect exercises
 * little of the collector, however many programs it makes.
 *
 * Usage: node dist/src/bench/wasmShapeBench.js [programs=1500]
 */
function main(): void {
  const n = Number(process.argv[2] ?? 1500);
  const engine = new InterpreterEngine({ ...DEFAULT_INTERPRETER_CONFIG, collector: builtinCollectors['drc']! });
  const model = new InterpreterEngine({ collector: modelCollector, name: 'model' });
  const others = (['copying', 'incremental'] as const).map((k) => new InterpreterEngine({ ...DEFAULT_INTERPRETER_CONFIG, collector: builtinCollectors[k]! }));
  const tallies = new Map<string, GcTriggerTally>([engine, ...others].map((e) => [e.name, new GcTriggerTally()]));
  const traps = new Map<string, number>();
  const executed: number[] = [];
  let invocations = 0;
  let returned = 0;
  let collections = 0;
  let survivors = 0;
  for (let seed = 0; seed < n; seed++) {
    const c = fc.sample(wasmCaseArbitrary(), { seed, numRuns: 1 })[0]!;
    const o = engine.run(c);
    executed.push(o.stats['executed'] ?? 0);
    collections += o.stats['collections'] ?? 0;
    tallies.get(engine.name)!.add(gcTriggersFromStats(o.stats));
    for (const e of others) tallies.get(e.name)!.add(gcTriggersFromStats(e.run(c).stats));
    for (const s of [o.instantiation, ...o.invocations]) {
      if (s !== o.instantiation) invocations++;
      if (s.kind === 'return') {
        if (s !== o.instantiation) returned++;
      } else {
        const key = `${s.kind}: ${s.message}`;
        traps.set(key, (traps.get(key) ?? 0) + 1);
      }
    }
    survivors += model.runKeeping(c).liveHostIds.size;
  }
  executed.sort((a, b) => a - b);
  const at = (q: number): number => executed[Math.min(executed.length - 1, Math.floor(q * executed.length))] ?? 0;
  const out = process.stdout;
  out.write(`${n} programs, ${invocations} invocations: ${((100 * returned) / Math.max(1, invocations)).toFixed(1)}% return\n`);
  out.write(`instructions per program: median ${at(0.5)}, p90 ${at(0.9)}; collections per program ${(collections / n).toFixed(1)}; host objects outliving their program ${survivors}\n`);
  for (const [k, v] of [...traps.entries()].sort((a, b) => b[1] - a[1]).slice(0, 12)) out.write(`  ${String(v).padStart(5)}  ${k}\n`);
  for (const l of gcTriggerTable(n, tallies)) out.write(`${l}\n`);
}

main();
