import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { WasmCase } from '../../../../../src/cases/wasmCase';
import { wasmCaseBytesForSeed } from '../../../../../src/gen/wasm/wasmCaseArbitrary';
import { wasmCaseFromBytes } from '../../../../../src/gen/wasm/wasmCaseFromBytes';
import { GcTypeRegistry } from '../../../../../src/runtime/gcTypes';
import { makeWasmReducer, wasmInstructionCount } from '../../../../../src/harness/targets/wasm/reduce/reduceWasmCase';
import { remapIndices, removing } from '../../../../../src/harness/targets/wasm/reduce/remapIndices';
import { fuelExhaustions } from '../../../../../src/harness/targets/wasm/reduce/fuelExhaustions';
import { validateModule } from '../../../../../src/wasm/validation/validateModule';
import type { Instr } from '../../../../../src/wasm/syntax/instructions';

const reduce = makeWasmReducer<WasmCase>((c) => c, (_c, w) => w);

/** The minimiser's loop (src/harness/minimiseFailure.ts) with a predicate in place of running the case. */
function minimise(c: WasmCase, keeps: (w: WasmCase) => boolean, maxSteps = 20_000): { best: WasmCase; steps: number } {
  let best = c;
  let steps = 0;
  for (let improved = true; improved && steps < maxSteps; ) {
    improved = false;
    for (const cand of reduce(best)) {
      if (++steps >= maxSteps) break;
      if (keeps(cand)) {
        best = cand;
        improved = true;
        break;
      }
    }
  }
  return { best, steps };
}

/** A case of one `[] -> []` function `body`, exported as run0 and invoked once; `imports` host functions of that type come first. */
function oneFuncCase(body: Instr[], extra: { imports?: WasmCase['module']['imports']; globals?: WasmCase['module']['globals'] } = {}): WasmCase {
  const imports = extra.imports ?? [];
  return {
    module: {
      types: [{ subtypes: [{ final: true, supertypes: [], composite: { kind: 'func', params: [], results: [] } }] }],
      imports,
      funcs: [{ typeIndex: 0, locals: [], body }],
      tables: [],
      mems: [],
      globals: extra.globals ?? [],
      elems: [],
      datas: [],
      exports: [{ name: 'run0', kind: 'func', index: imports.length }],
      customs: [],
    },
    invocations: [{ export: 'run0', args: [] }],
    host: { incrementSlices: 1, abandonIncremental: false },
  };
}

const allInstrs = (w: WasmCase): Instr[] => w.module.funcs.flatMap((f) => f.body);

test('every candidate the reducer yields validates and has only invocations of exported functions', () => {
  let yielded = 0;
  for (let run = 0; run < 6; run++) {
    const c = wasmCaseFromBytes(wasmCaseBytesForSeed(5, run));
    let k = 0;
    for (const cand of reduce(c)) {
      validateModule(cand.module, new GcTypeRegistry());
      const exported = new Set(cand.module.exports.filter((e) => e.kind === 'func').map((e) => e.name));
      for (const inv of cand.invocations) assert.ok(exported.has(inv.export), `run ${run}: invocation of missing export ${inv.export}`);
      yielded++;
      if (++k >= 60) break;
    }
  }
  assert.ok(yielded > 6 * 40, `only ${yielded} candidates`);
});

test('a reduction keeping one property ends with a few instructions (struct.set of a struct.new reached from an invocation)', () => {
  let reduced = 0;
  for (let run = 0; run < 40 && reduced < 3; run++) {
    const c = wasmCaseFromBytes(wasmCaseBytesForSeed(3, run));
    const keeps = (w: WasmCase) => w.invocations.length > 0 && allInstrs(w).some((i) => i.op === 'struct.set') && allInstrs(w).some((i) => i.op === 'struct.new');
    if (!keeps(c)) continue;
    const { best } = minimise(c, keeps);
    reduced++;
    assert.ok(keeps(best));
    validateModule(best.module, new GcTypeRegistry());
    // An invocation, a struct.new and a struct.set with their operands, and little else.
    assert.ok(wasmInstructionCount(best) <= 15, `run ${run}: ${wasmInstructionCount(c)} -> ${wasmInstructionCount(best)} instructions`);
    assert.equal(best.invocations.length, 1);
  }
  assert.ok(reduced >= 3, 'three generated cases with both instructions');
});

test('the reducer unwraps blocks, renumbering branches that leave them', () => {
  const body: Instr[] = [
    { op: 'block', imm: [{ kind: 'empty' }] },
    { op: 'block', imm: [{ kind: 'empty' }] },
    { op: 'i32.const', imm: [1] },
    { op: 'br_if', imm: [1] },
    { op: 'end', imm: [] },
    { op: 'call', imm: [0] },
    { op: 'end', imm: [] },
  ];
  const c = oneFuncCase(body, { imports: [{ module: 'host', name: 'gc', desc: { kind: 'func', typeIndex: 0 } }] });
  // Keep the branch over the call and the call: only the inner block can go, and its br_if must now say 0.
  const keeps = (w: WasmCase) => {
    const b = w.module.funcs[0]!.body;
    const br = b.findIndex((i) => i.op === 'br_if');
    const call = b.findIndex((i) => i.op === 'call');
    return br >= 0 && call > br && w.invocations.length === 1;
  };
  const { best } = minimise(c, keeps);
  assert.deepEqual(best.module.funcs[0]!.body.map((i) => `${i.op} ${i.imm.map((x) => (typeof x === 'object' ? JSON.stringify(x) : String(x))).join(' ')}`.trim()), ['block {"kind":"empty"}', 'i32.const 0', 'br_if 0', 'call 0', 'end']);
});

test('remapIndices refuses to remove a referenced definition and renumbers the rest', () => {
  const c = wasmCaseFromBytes(wasmCaseBytesForSeed(1, 0));
  const m = c.module;
  const called = m.funcs.flatMap((f) => f.body).find((i) => i.op === 'call');
  assert.ok(called !== undefined);
  assert.equal(remapIndices(m, 'func', removing(called.imm[0] as number)), null);
  const shifted = remapIndices(m, 'type', (i) => i + 1)!;
  assert.equal(shifted.funcs[0]!.typeIndex, m.funcs[0]!.typeIndex + 1);
});

test('the reducer never yields a program that loops forever (a loop whose budget decrement is deleted): V8 has no fuel', () => {
  const i = (op: string, ...imm: Instr['imm']): Instr => ({ op, imm });
  const body: Instr[] = [
    i('loop', { kind: 'empty' }),
    i('global.get', 0), i('i32.const', 1), i('i32.sub'), i('global.set', 0),
    i('global.get', 0), i('br_if', 0),
    i('end'),
  ];
  const c = oneFuncCase(body, { globals: [{ type: { type: 'i32', mutable: true }, init: [i('i32.const', 10)] }] });
  assert.equal(fuelExhaustions(c), 0);
  // Without the check this candidate (the decrement deleted) would be offered: it runs out of fuel.
  const looping: WasmCase = { ...c, module: { ...c.module, funcs: [{ ...c.module.funcs[0]!, body: [body[0]!, ...body.slice(5)] }] } };
  assert.equal(fuelExhaustions(looping), 1);
  let n = 0;
  for (const cand of reduce(c)) {
    assert.equal(fuelExhaustions(cand), 0, JSON.stringify(cand.module.funcs[0]!.body));
    n++;
  }
  assert.ok(n > 0);
});
