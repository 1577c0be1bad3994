import fc from 'fast-check';
import { performance } from 'node:perf_hooks';
import { builtinCollectors } from '../runtime/collectors/builtinCollectors';
import { ttfEngines, ttfTarget, ttfWasmCase, type TtfTargetCase } from '../harness/targets/ttfTarget';
import { checkWasmCase } from '../../oracles/engines/checkWasmCase';

/**
 * The ttf source's throughput and reach (not a test): N cases from fast-check seeds 0..N-1 of
 * `--target ttf`, the time wasm-opt takes to write them (programs/s) and the time the default
 * engines (model, interpreter on every built-in collector, V8) take to run them; how many were
 * filtered out (features the interpreter lacks) and why; the share of exports that return, the
 * instructions run and collections per program on the model.
 *
 * Usage: node dist/src/bench/ttfBench.js [programs=100]
 */
function main(): void {
  const n = Number(process.argv[2] ?? 100);
  const arb = ttfTarget.arbitrary({});
  const collectors = Object.values(builtinCollectors);
  const filtered = new Map<string, number>();
  const steps = new Map<string, number>();
  let genMs = 0;
  let runMs = 0;
  let ran = 0;
  let executed = 0;
  let collections = 0;
  for (let seed = 0; seed < n; seed++) {
    const t0 = performance.now();
    const c: TtfTargetCase = fc.sample(arb, { seed, numRuns: 1 })[0]!;
    const t1 = performance.now();
    genMs += t1 - t0;
    const w = ttfWasmCase(c.wasm);
    if ('filtered' in w) {
      filtered.set(w.filtered, (filtered.get(w.filtered) ?? 0) + 1);
      continue;
    }
    const [model] = checkWasmCase(w, ttfEngines(c, w.module, collectors));
    runMs += performance.now() - t1;
    ran++;
    executed += model!.stats['executed'] ?? 0;
    collections += model!.stats['collections'] ?? 0;
    for (const s of model!.invocations) steps.set(s.kind, (steps.get(s.kind) ?? 0) + 1);
  }
  const perS = (k: number, ms: number): string => (ms > 0 ? ((k * 1000) / ms).toFixed(2) : '-');
  console.log(`ttf: ${n} programs; wasm-opt ${perS(n, genMs)} programs/s; run on model+${collectors.map((c) => c.name).join('+')}+v8 ${perS(ran, runMs)} programs/s; end to end ${perS(n, genMs + runMs)} programs/s`);
  console.log(`filtered out: ${n - ran} of ${n}`);
  for (const [why, k] of [...filtered].sort((a, b) => b[1] - a[1])) console.log(`  ${k}  ${why}`);
  console.log(`export calls by outcome (model): ${[...steps].map(([k, v]) => `${k} ${v}`).join(', ')}`);
  console.log(`per run program (model): ${(executed / Math.max(ran, 1)).toFixed(0)} instructions, ${(collections / Math.max(ran, 1)).toFixed(1)} collections`);
}

main();
