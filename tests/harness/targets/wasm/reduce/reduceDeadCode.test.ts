import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { WasmCase } from '../../../../../src/cases/wasmCase';
import { GcTypeRegistry } from '../../../../../src/runtime/gcTypes';
import { BodyShape } from '../../../../../src/harness/targets/wasm/reduce/bodyShape';
import { deleteStatements } from '../../../../../src/harness/targets/wasm/reduce/deleteStatements';
import { makeWasmReducer } from '../../../../../src/harness/targets/wasm/reduce/reduceWasmCase';
import { validateModule } from '../../../../../src/wasm/validation/validateModule';
import type { ValidatedModule } from '../../../../../src/wasm/validation/validatedModule';
import type { Module } from '../../../../../src/wasm/syntax/module';
import { code, field, func, funcT, module, single, structT, tag } from '../../../../wasm/execution/moduleBuilder';

const reduce = makeWasmReducer<WasmCase>((c) => c, (_c, w) => w);
const validate = (m: Module): ValidatedModule | null => {
  try {
    return validateModule(m, new GcTypeRegistry());
  } catch {
    return null;
  }
};

/** After `br 0`: instructions that only validate because the stack is polymorphic, then a struct.new/struct.set statement. */
const DEAD = 'block; br 0; local.set 0; drop; block; nop; end; i32.const 0; struct.new 1; i32.const 1; struct.set 1 0; end';

const caseOf = (body: string): WasmCase => ({
  module: module({
    types: [single(funcT([], [])), single(structT(field('i32')))],
    tags: [tag(0)],
    funcs: [func(0, code(body), ['i32'])],
    exports: [{ name: 'run0', kind: 'func', index: 0 }],
  }),
  invocations: [{ export: 'run0', args: [] }],
  host: { incrementSlices: 1, abandonIncremental: false },
});

test('dead code after br, throw (inside try_table) and return_call: one range per instruction at its level, a block with its end', () => {
  const w = caseOf(`${DEAD}; block; try_table - catch_all:0; throw 0; nop; end; end; return_call 0; nop`);
  const v = validate(w.module);
  assert.ok(v !== null);
  const shape = new BodyShape(w.module.funcs[0]!.body, v.funcs[0]!);
  const pairs = (rs: { start: number; end: number }[]) => rs.map((r) => [r.start, r.end]);
  assert.deepEqual(pairs(shape.deadRanges()), [[2, 11], [15, 16], [19, 20]]);
  assert.deepEqual(pairs(shape.deadInstructions()), [[2, 3], [3, 4], [4, 7], [7, 8], [8, 9], [9, 10], [10, 11], [15, 16], [19, 20]]);
  // deleteStatements offers each of them (local.set 0 alone, for one).
  const bodies = deleteStatements(w, v, { validate }).map((make) => make()!.module.funcs[0]!.body.map((i) => i.op).join(' '));
  assert.ok(bodies.includes(w.module.funcs[0]!.body.filter((_, pc) => pc !== 2).map((i) => i.op).join(' ')));
});

test('the reducer deletes single dead instructions around a statement the property needs', () => {
  const keeps = (c: WasmCase) => c.invocations.length === 1 && ['struct.new', 'struct.set'].every((op) => c.module.funcs.some((f) => f.body.some((i) => i.op === op)));
  let best = caseOf(DEAD);
  assert.ok(validate(best.module) !== null && keeps(best));
  for (let improved = true; improved; ) {
    improved = false;
    for (const cand of reduce(best)) {
      assert.ok(validate(cand.module) !== null);
      if (keeps(cand)) {
        best = cand;
        improved = true;
        break;
      }
    }
  }
  const ops = best.module.funcs.flatMap((f) => f.body.map((i) => i.op));
  for (const gone of ['local.set', 'drop', 'nop']) assert.ok(!ops.includes(gone), `${gone} left in ${ops.join(' ')}`);
  assert.ok(ops.length <= 8, ops.join(' '));
});
