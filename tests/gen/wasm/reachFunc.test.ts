import assert from 'node:assert/strict';
import test from 'node:test';
import { InterpreterEngine } from '../../../oracles/engines/interpreterEngine';
import type { WasmCase } from '../../../src/cases/wasmCase';
import { wasmCaseBytesForSeed } from '../../../src/gen/wasm/wasmCaseArbitrary';
import { wasmCaseFromBytes } from '../../../src/gen/wasm/wasmCaseFromBytes';
import { builtinCollectors } from '../../../src/runtime/collectors/builtinCollectors';
import { GcTypeRegistry } from '../../../src/runtime/gcTypes';
import type { Func } from '../../../src/wasm/syntax/module';
import { validateModule } from '../../../src/wasm/validation/validateModule';

const RUNS = 60;

/** The function genReachFunc appended (the module's last; its rec group ends in its own type), or undefined. */
function reachFunc(c: WasmCase): Func | undefined {
  const last = c.module.funcs[c.module.funcs.length - 1]!;
  const group = c.module.types[c.module.types.length - 1]!.subtypes;
  const nTypes = c.module.types.reduce((n, g) => n + g.subtypes.length, 0);
  return group.length === 5 && last.typeIndex === nTypes - 1 ? last : undefined;
}

/** Function indices stored by ref.func in `f`'s body. */
function stored(f: Func): number[] {
  return f.body.filter((i) => i.op === 'ref.func').map((i) => i.imm[0] as number);
}

test('genReachFunc: most cases store several function refs in GC fields, call leaves through them, and allocate empty arrays', () => {
  let present = 0;
  let bothParities = 0;
  let calls = 0;
  let sets = 0;
  for (let run = 0; run < RUNS; run++) {
    const c = wasmCaseFromBytes(wasmCaseBytesForSeed(1, run));
    assert.doesNotThrow(() => validateModule(c.module, new GcTypeRegistry()), `run ${run}`);
    const f = reachFunc(c);
    if (f === undefined) continue;
    present++;
    const ops = f.body.map((i) => i.op);
    for (const op of ['struct.new', 'array.new_fixed', 'array.new', 'array.new_default', 'ref.test']) assert.ok(ops.includes(op), `run ${run}: ${op}`);
    // Empty arrays: `i32.const 0; array.new_default` and `array.new_fixed $big 0`.
    assert.ok(f.body.some((i, k) => i.op === 'i32.const' && i.imm[0] === 0 && f.body[k + 1]?.op === 'array.new_default'), `run ${run}: empty array`);
    // The interpreter numbers functions from 1 in index order, so an odd index is an even id.
    const ids = new Set(stored(f).map((x) => x + 1));
    if ([...ids].some((id) => id % 2 === 0) && [...ids].some((id) => id % 2 === 1)) bothParities++;
    if (ops.includes('call_ref')) calls++;
    if (ops.includes('struct.set') || ops.includes('array.set')) sets++;
    const exported = c.module.exports.find((e) => e.kind === 'func' && e.index === c.module.imports.filter((im) => im.desc.kind === 'func').length + c.module.funcs.length - 1);
    assert.ok(exported !== undefined && c.invocations.some((inv) => inv.export === exported.name), `run ${run}: invoked`);
  }
  assert.ok(present >= 0.7 * RUNS, `present in ${present} of ${RUNS}`);
  assert.ok(bothParities >= 0.6 * present, `odd and even ids stored in ${bothParities} of ${present}`);
  assert.ok(calls >= 0.4 * present, `call_ref in ${calls} of ${present}`);
  assert.ok(sets >= 0.7 * present, `struct.set/array.set in ${sets} of ${present}`);
});

test('genReachFunc: on the interpreter the reach function runs, the heap grows past its initial size and collections happen', () => {
  let checked = 0;
  for (let run = 0; run < RUNS && checked < 4; run++) {
    const c = wasmCaseFromBytes(wasmCaseBytesForSeed(1, run));
    const f = reachFunc(c);
    if (f === undefined) continue;
    const name = c.module.exports.find((e) => e.kind === 'func' && e.index === c.module.imports.filter((im) => im.desc.kind === 'func').length + c.module.funcs.length - 1)!.name;
    const only: WasmCase = { ...c, invocations: [{ export: name, args: [] }] };
    const r = new InterpreterEngine({ collector: builtinCollectors.drc }).runKeeping(only);
    const step = r.outcome.invocations[0]!;
    // A typed out-of-memory ('exhausted') is a legal end too: the reach function may ask for a boundary length.
    assert.ok(step.kind === 'return' || step.kind === 'trap' || step.kind === 'exhausted', `run ${run}: ${JSON.stringify(step).slice(0, 300)}`);
    if (step.kind !== 'return') continue;
    checked++;
    assert.ok(r.store.heap.stats().capacityBytes > 4096, `run ${run}: capacity ${r.store.heap.stats().capacityBytes}`);
    assert.ok((r.outcome.stats?.collections ?? 0) > 0, `run ${run}: collections`);
  }
  assert.equal(checked, 4);
});
