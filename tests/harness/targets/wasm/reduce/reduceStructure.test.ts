import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { WasmCase } from '../../../../../src/cases/wasmCase';
import { wasmCaseBytesForSeed } from '../../../../../src/gen/wasm/wasmCaseArbitrary';
import { wasmCaseFromBytes } from '../../../../../src/gen/wasm/wasmCaseFromBytes';
import { GcTypeRegistry } from '../../../../../src/runtime/gcTypes';
import { makeWasmReducer, wasmInstructionCount } from '../../../../../src/harness/targets/wasm/reduce/reduceWasmCase';
import { flattenBody, unwrapBlocks } from '../../../../../src/harness/targets/wasm/reduce/unwrapBlocks';
import { replaceExpressions } from '../../../../../src/harness/targets/wasm/reduce/replaceExpressions';
import { pruneUnreferenced } from '../../../../../src/harness/targets/wasm/reduce/removeDefinitions';
import { CHECK_FUEL_SLACK, checkFuel, fuelExhaustions } from '../../../../../src/harness/targets/wasm/reduce/fuelExhaustions';
import { modelRun } from '../../../../../src/harness/targets/wasm/reduce/modelRun';
import type { ReductionPass } from '../../../../../src/harness/targets/wasm/reduce/reductionPass';
import { validateModule } from '../../../../../src/wasm/validation/validateModule';
import type { ValidatedModule } from '../../../../../src/wasm/validation/validatedModule';
import type { Instr } from '../../../../../src/wasm/syntax/instructions';
import type { Module } from '../../../../../src/wasm/syntax/module';
import fc from 'fast-check';
import { wasmTarget, WASM_SHRINK_PATIENCE, type WasmTargetCase } from '../../../../../src/harness/targets/wasmTarget';
import { caseSeed } from '../../../../../src/harness/caseSeed';
import { minimiseFailure } from '../../../../../src/harness/minimiseFailure';
import type { AnyFuzzTarget } from '../../../../../src/harness/fuzzTarget';
import { OracleFailure } from '../../../../../oracles/OracleFailure';

const reduce = makeWasmReducer<WasmCase>((c) => c, (_c, w) => w);
const i = (op: string, ...imm: Instr['imm']): Instr => ({ op, imm });
const validate = (m: Module): ValidatedModule | null => {
  try {
    return validateModule(m, new GcTypeRegistry());
  } catch {
    return null;
  }
};
const ops = (b: readonly Instr[]): string[] => b.map((x) => `${x.op} ${x.imm.map((y) => (typeof y === 'object' ? JSON.stringify(y) : String(y))).join(' ')}`.trim());

/** The minimiser's loop (src/harness/minimiseFailure.ts) with a predicate in place of running the case. */
function minimise(c: WasmCase, keeps: (w: WasmCase) => boolean): WasmCase {
  let best = c;
  for (let improved = true; improved; ) {
    improved = false;
    for (const cand of reduce(best)) {
      if (keeps(cand)) {
        best = cand;
        improved = true;
        break;
      }
    }
  }
  return best;
}

/** A case of one `[] -> []` function `body` (host `gc` imported as function 0), exported as run0 and invoked once. */
function oneFuncCase(body: Instr[], extra: Partial<Module> = {}): WasmCase {
  return {
    module: {
      types: [{ subtypes: [{ final: true, supertypes: [], composite: { kind: 'func', params: [], results: [] } }] }],
      imports: [{ module: 'host', name: 'gc', desc: { kind: 'func', typeIndex: 0 } }],
      funcs: [{ typeIndex: 0, locals: [], body }],
      tables: [],
      mems: [],
      globals: [],
      elems: [],
      datas: [],
      exports: [{ name: 'run0', kind: 'func', index: 1 }],
      customs: [],
      ...extra,
    },
    invocations: [{ export: 'run0', args: [] }],
    host: { incrementSlices: 1, abandonIncremental: false },
  };
}

/** Every candidate `pass` builds for the first generated cases of a seed: how many were built, and how many of those validate. */
function passCandidates(pass: ReductionPass, seed: number, runs: number): { built: number; valid: number } {
  let built = 0;
  let valid = 0;
  for (let run = 0; run < runs; run++) {
    const w = wasmCaseFromBytes(wasmCaseBytesForSeed(seed, run));
    const v = validate(w.module)!;
    for (const make of pass(w, v, { validate }).slice(0, 80)) {
      const cw = make();
      if (cw === null) continue;
      built++;
      if (validate(cw.module) !== null) valid++;
    }
  }
  return { built, valid };
}

/** A generated loop: `block loop (exit when the counter is 0) (body) br 0 end end`, which unwrapping used to leave alone (both constructs are branch targets). */
const budgetLoop: Instr[] = [
  i('i32.const', 3), i('global.set', 0),
  i('block', { kind: 'empty' }),
  i('loop', { kind: 'empty' }),
  i('global.get', 0), i('i32.eqz'), i('br_if', 1),
  i('global.get', 0), i('i32.const', 1), i('i32.sub'), i('global.set', 0),
  i('call', 0),
  i('br', 0),
  i('end'),
  i('end'),
];
const counter = { globals: [{ type: { type: 'i32' as const, mutable: true }, init: [i('i32.const', 0)] }] };

test('a block and loop that branches target are unwrapped: the branches become what they do when not taken', () => {
  const c = oneFuncCase(budgetLoop, counter);
  const best = minimise(c, (w) => w.invocations.length === 1 && w.module.funcs[0]!.body.some((x) => x.op === 'call'));
  assert.deepEqual(ops(best.module.funcs[0]!.body), ['call 0']);
  // Flattening alone: br_if 1 pops its condition, br 0 goes; the rest stays in order.
  assert.deepEqual(ops(flattenBody(budgetLoop)!), ['i32.const 3', 'global.set 0', 'global.get 0', 'i32.eqz', 'drop', 'global.get 0', 'i32.const 1', 'i32.sub', 'global.set 0', 'call 0']);
  assert.ok(validate(oneFuncCase(flattenBody(budgetLoop)!, counter).module) !== null);
});

test('flattening keeps ifs (their arms flattened), renumbers branches out of them, and gives up on a br_table to a block', () => {
  // br 1 leaves the inner block for the if; br 2 goes to the outer block, so it goes with it.
  const body: Instr[] = [i('block', { kind: 'empty' }), i('i32.const', 1), i('if', { kind: 'empty' }), i('block', { kind: 'empty' }), i('br', 1), i('br', 2), i('end'), i('end'), i('end')];
  assert.deepEqual(ops(flattenBody(body)!), ['i32.const 1', 'if {"kind":"empty"}', 'br 0', 'end']);
  const table: Instr[] = [i('block', { kind: 'empty' }), i('i32.const', 0), i('br_table', { labels: [0], defaultLabel: 0 }), i('end')];
  assert.equal(flattenBody(table), null);
});

test('br_on_null and br_on_non_null to an unwrapped block become ref.as_non_null and drop, and the result validates', () => {
  const anyref = { kind: 'ref' as const, nullable: true, heap: 'any' as const };
  const nonNullAny = { kind: 'ref' as const, nullable: false, heap: 'any' as const };
  const body: Instr[] = [
    i('block', { kind: 'empty' }), i('ref.null', 'none'), i('br_on_null', 0), i('drop'), i('end'),
    i('block', { kind: 'value', type: nonNullAny }), i('ref.null', 'none'), i('br_on_non_null', 0), i('unreachable'), i('end'), i('drop'),
  ];
  const c = oneFuncCase(body);
  assert.ok(validate(c.module) !== null);
  const flat = flattenBody(body)!;
  assert.deepEqual(ops(flat), ['ref.null none', 'ref.as_non_null', 'drop', 'ref.null none', 'drop', 'unreachable', 'drop']);
  assert.ok(validate(oneFuncCase(flat).module) !== null);
  void anyref;
});

test('the structural passes build candidates for generated cases that mostly validate, and the reducer yields only valid ones', () => {
  for (const pass of [unwrapBlocks, replaceExpressions, pruneUnreferenced]) {
    const { built, valid } = passCandidates(pass, 7, 4);
    assert.ok(built > 0, `${pass.name}: no candidate`);
    assert.ok(valid > 0, `${pass.name}: none of ${built} validates`);
  }
  for (let run = 0; run < 4; run++) {
    let k = 0;
    for (const cand of reduce(wasmCaseFromBytes(wasmCaseBytesForSeed(11, run)))) {
      assert.ok(validate(cand.module) !== null, `seed 11 run ${run}: an invalid candidate`);
      if (++k >= 150) break;
    }
  }
});

test('an expression is replaced by one of its sub-expressions (hoisting) where no constant keeps the property', () => {
  const body: Instr[] = [i('i32.const', 7), i('i32.const', 3), i('i32.mul'), i('i32.const', 1), i('i32.add'), i('global.set', 0)];
  const c = oneFuncCase(body, counter);
  // Keep "7 is stored": constants of the whole sum (0, ...) lose it; hoisting (7 * 3) then 7 keeps it.
  const keeps = (w: WasmCase): boolean => {
    const b = w.module.funcs[0]!.body;
    const at = b.findIndex((x) => x.op === 'global.set');
    return w.invocations.length === 1 && at > 0 && b[at - 1]!.op === 'i32.const' && b[at - 1]!.imm[0] === 7;
  };
  const best = minimise(c, keeps);
  assert.deepEqual(ops(best.module.funcs[0]!.body), ['i32.const 7', 'global.set 0']);
  // A sub-expression that branches out of the expression is not hoisted out of its block.
  const v = validate(c.module)!;
  const hoisted = replaceExpressions(c, v, { validate }).map((m) => m()).filter((w): w is WasmCase => w !== null);
  assert.ok(hoisted.some((w) => ops(w.module.funcs[0]!.body).join(';') === 'i32.const 7;i32.const 3;i32.mul;global.set 0'));
});

test('one candidate removes every unreferenced segment, table and tag and what they alone referred to', () => {
  const funcref = { kind: 'ref' as const, nullable: true, heap: 'func' as const };
  const c = oneFuncCase([i('call', 0)], {
    funcs: [{ typeIndex: 0, locals: [], body: [i('call', 0)] }, { typeIndex: 0, locals: [], body: [i('nop')] }],
    tables: [{ type: { limits: { min: 1 }, element: funcref } }],
    elems: [{ type: funcref, init: [[i('ref.func', 2)]], mode: { kind: 'active', table: 0, offset: [i('i32.const', 0)] } }],
  });
  assert.ok(validate(c.module) !== null);
  const [all] = pruneUnreferenced(c, validate(c.module)!, { validate });
  const m = all!()!.module;
  assert.equal(m.elems.length, 0);
  assert.equal(m.tables.length, 0);
  assert.equal(m.funcs.length, 1, 'the function only the segment referred to is gone');
  assert.ok(validate(m) !== null);
  const best = minimise(c, (w) => w.invocations.length === 1 && w.module.funcs.some((f) => f.body.some((x) => x.op === 'call')));
  assert.equal(wasmInstructionCount(best), 2);
});

test('the termination check runs a candidate on fuel bounded by what the case itself executes, and the model run is made once per case', () => {
  const body: Instr[] = [
    i('i32.const', 50), i('global.set', 0),
    i('loop', { kind: 'empty' }),
    i('global.get', 0), i('i32.const', 1), i('i32.sub'), i('global.set', 0),
    i('global.get', 0), i('br_if', 0),
    i('end'),
  ];
  const c = oneFuncCase(body, counter);
  const r = modelRun(c)!;
  assert.equal(modelRun(c), r, 'remembered');
  assert.ok(r.executed >= 50 * 6 && r.fuelExhaustions === 0, JSON.stringify(r));
  assert.equal(checkFuel(c), 2 * r.executed + CHECK_FUEL_SLACK);
  // The decrement deleted: the loop never ends; at the bounded fuel it runs out, as at the engines' fuel.
  const looping = oneFuncCase([...body.slice(0, 3), ...body.slice(7)], counter);
  assert.equal(fuelExhaustions(looping, checkFuel(c)), 1);
  assert.equal(fuelExhaustions(looping), 1);
  // A run with no exhaustion answers for a larger fuel too.
  assert.equal(modelRun(c, 10 ** 9), r);
});

test("fast-check's shrink of a Wasm case stops after the target's shrinkPatience passing candidates in a row", () => {
  const arbitrary = wasmTarget.arbitrary({}) as fc.Arbitrary<unknown>;
  const seed = caseSeed(1, 3);
  const original = fc.sample(arbitrary, { seed, numRuns: 1 })[0] as WasmTargetCase;
  const failure = new OracleFailure('leak', -1, 'x', 'y');
  // Only the original fails: every shrink candidate passes, and nothing reduces.
  const tries = (shrinkPatience: number | undefined): number =>
    minimiseFailure({
      target: { ...(wasmTarget as AnyFuzzTarget), reduce: () => [], ...(shrinkPatience !== undefined ? { shrinkPatience } : {}) },
      arbitrary, caseSeed: seed, original, failure, collectors: [], budget: { maxRuns: 2000, maxMs: 600_000 },
      runCandidate: (c) => {
        if (wasmInstructionCount((c as WasmTargetCase).wasm) === wasmInstructionCount(original.wasm) && JSON.stringify(wasmTarget.serialise(c as WasmTargetCase)) === JSON.stringify(wasmTarget.serialise(original))) throw failure;
      },
    }).tries;
  assert.equal(WASM_SHRINK_PATIENCE, wasmTarget.shrinkPatience);
  assert.equal(tries(5), 1 + 5, 'the regenerated case, then five passing candidates');
  assert.ok(tries(undefined) > 1 + 5 + 20, 'without it fast-check tries many more');
});
