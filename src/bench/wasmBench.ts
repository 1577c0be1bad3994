import { wasmCaseBytesForSeed } from '../gen/wasm/wasmCaseArbitrary';
import { wasmCaseFromBytes } from '../gen/wasm/wasmCaseFromBytes';
import type { WasmCase } from '../cases/wasmCase';
import { GcTypeRegistry } from '../runtime/gcTypes';
import { builtinCollectors } from '../runtime/collectors/builtinCollectors';
import { encodeModule } from '../wasm/binary/encodeModule';
import { validateModule } from '../wasm/validation/validateModule';
import { checkWasmCase, type NamedEngine } from '../../oracles/engines/checkWasmCase';
import { InterpreterEngine } from '../../oracles/engines/interpreterEngine';
import { modelCollector } from '../../oracles/engines/modelGcHeap';
import { V8Engine } from '../../oracles/engines/v8Engine';
import { OracleFailure } from '../../oracles/OracleFailure';
import { wasmJsApi } from '../../oracles/engines/wasmJsApi';

/**
 * Wasm-program benchmark (not a test), one run:
 * 1. validity: N generated modules (default 10,000) through the project validator and V8's
 *    `WebAssembly.validate`;
 * 2. end to end: programs/s for generate + validate + run on every engine (model, null, drc,
 *    copying, V8) + compare, with the program heap oracles on;
 * 3. V8 alone: programs/s for V8 compiling, instantiating and running the same programs
 *    (`V8Engine.run`: encode, compile, instantiate, invoke, summarise).
 * Exits 1 if any module is invalid or any oracle fails.
 *
 * Usage: node [--expose-gc] dist/src/bench/wasmBench.js [validity=10000] [programs=1000] [seed=1]
 */
function main(): void {
  const validityN = Number(process.argv[2] ?? 10_000);
  const programs = Number(process.argv[3] ?? 1_000);
  const seed = Number(process.argv[4] ?? 1);
  let failed = false;

  // 1. Validity.
  let ours = 0;
  let v8 = 0;
  const tv = performance.now();
  for (let run = 0; run < validityN; run++) {
    const c = wasmCaseFromBytes(wasmCaseBytesForSeed(seed, run));
    try {
      validateModule(c.module, new GcTypeRegistry());
      ours++;
    } catch (e) {
      if (!failed) process.stdout.write(`run ${run}: project validator rejects: ${String(e)}\n`);
      failed = true;
    }
    if (wasmJsApi.validate(encodeModule(c.module))) v8++;
    else {
      if (!failed) process.stdout.write(`run ${run}: V8 rejects\n`);
      failed = true;
    }
  }
  const validityS = (performance.now() - tv) / 1000;
  process.stdout.write(`validity: ${validityN} generated, ${ours} valid (project validator), ${v8} valid (V8 WebAssembly.validate) in ${validityS.toFixed(1)} s\n`);

  // 2. End to end on every engine.
  const engines: NamedEngine[] = [
    { engine: new InterpreterEngine({ collector: modelCollector, name: 'model' }), collector: 'model' },
    ...Object.values(builtinCollectors).map((collector) => ({ engine: new InterpreterEngine({ collector }), collector: collector.name })),
    { engine: new V8Engine(), collector: 'v8' },
  ];
  const cases: WasmCase[] = [];
  let findings = 0;
  let executed = 0;
  let collections = 0;
  const te = performance.now();
  for (let run = 0; run < programs; run++) {
    const c = wasmCaseFromBytes(wasmCaseBytesForSeed(seed + 1, run));
    cases.push(c);
    try {
      validateModule(c.module, new GcTypeRegistry());
      const outs = checkWasmCase(c, engines);
      for (const o of outs) {
        executed += o.stats['executed'] ?? 0;
        collections += o.stats['collections'] ?? 0;
      }
    } catch (e) {
      findings++;
      if (findings <= 5) process.stdout.write(`run ${run}: ${e instanceof OracleFailure ? e.message : String(e)}\n`);
    }
  }
  const e2eS = (performance.now() - te) / 1000;
  process.stdout.write(`end to end (generate, validate, run on ${engines.map((e) => e.engine.name).join(', ')}, compare): ${programs} programs in ${e2eS.toFixed(2)} s = ${(programs / e2eS).toFixed(1)} programs/s; ${executed} interpreter instructions, ${collections} collections during runs, ${findings} findings\n`);
  if (findings > 0) failed = true;

  // 3. V8 alone on the same programs.
  const v8e = new V8Engine();
  const t8 = performance.now();
  for (const c of cases) v8e.run(c);
  const v8S = (performance.now() - t8) / 1000;
  process.stdout.write(`V8 alone (encode, compile, instantiate, run, summarise): ${cases.length} programs in ${v8S.toFixed(2)} s = ${(cases.length / v8S).toFixed(1)} programs/s${Reflect.get(globalThis, 'gc') === undefined ? '' : ' (with --expose-gc: host gc imports run full V8 collections)'}\n`);
  process.exitCode = failed ? 1 : 0;
}

main();
