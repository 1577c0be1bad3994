import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { WasmCase } from '../../../../../src/cases/wasmCase';
import { wasmCaseBytesForSeed } from '../../../../../src/gen/wasm/wasmCaseArbitrary';
import { wasmCaseFromBytes } from '../../../../../src/gen/wasm/wasmCaseFromBytes';
import { GcTypeRegistry } from '../../../../../src/runtime/gcTypes';
import { makeWasmReducer } from '../../../../../src/harness/targets/wasm/reduce/reduceWasmCase';
import { remapIndices, removing } from '../../../../../src/harness/targets/wasm/reduce/remapIndices';
import { validateModule } from '../../../../../src/wasm/validation/validateModule';
import type { CatchClause, Instr } from '../../../../../src/wasm/syntax/instructions';
import type { Module } from '../../../../../src/wasm/syntax/module';
import { code, func, funcT, module, single, tag } from '../../../../wasm/execution/moduleBuilder';

const reduce = makeWasmReducer<WasmCase>((c) => c, (_c, w) => w);

/** Tag 0 ([]) is unused; tag 1 ([i32]) is thrown and caught inside a block that a branch leaves. */
const M: Module = module({
  types: [single(funcT([], [])), single(funcT(['i32'], [])), single(funcT([], ['i32']))],
  tags: [tag(0), tag(1)],
  funcs: [func(2, code('block; block t2; try_table - catch:1:0; i32.const 3; throw 1; end; i32.const 0; br 2; end; drop; end; i32.const 5'))],
  exports: [{ name: 'run0', kind: 'func', index: 0 }, { name: 'tag0', kind: 'tag', index: 0 }, { name: 'tag1', kind: 'tag', index: 1 }],
});
const C: WasmCase = { module: M, invocations: [{ export: 'run0', args: [] }], host: { incrementSlices: 1, abandonIncremental: false } };

const catchesOf = (body: readonly Instr[]): CatchClause[] => body.filter((i) => i.op === 'try_table').flatMap((i) => i.imm[1] as CatchClause[]);

test('remapIndices renumbers tags in throw, catch clauses and exports, and refuses to remove a referenced tag', () => {
  validateModule(M, new GcTypeRegistry());
  const r = remapIndices({ ...M, exports: M.exports.filter((e) => e.name !== 'tag0') }, 'tag', removing(0))!;
  const body = r.funcs[0]!.body;
  assert.deepEqual(body.find((i) => i.op === 'throw')!.imm, [0]);
  assert.deepEqual(catchesOf(body), [{ kind: 'catch', tag: 0, label: 0 }]);
  assert.deepEqual(r.exports.find((e) => e.name === 'tag1'), { name: 'tag1', kind: 'tag', index: 0 });
  assert.equal(remapIndices(M, 'tag', removing(1)), null);
});

test('the reducer removes an unused tag, unwraps try_table and the blocks around it (lowering catch labels), and replaces throws', () => {
  const cands = [...reduce({ ...C, module: { ...M, exports: M.exports.filter((e) => e.name !== 'tag0') } })];
  for (const w of cands) validateModule(w.module, new GcTypeRegistry());
  const bodies = cands.map((w) => w.module.funcs[0]?.body ?? []);
  // A tag removed (after its export was dropped) renumbers tag 1 to 0.
  assert.ok(cands.some((w) => (w.module.tags?.length ?? 0) === 1 && catchesOf(w.module.funcs[0]!.body).every((cl) => cl.tag === 0)), 'no candidate removed a tag');
  // The try_table unwrapped: its body stays, its handler goes.
  assert.ok(bodies.some((b) => !b.some((i) => i.op === 'try_table') && b.some((i) => i.op === 'throw')), 'no candidate unwrapped the try_table');
  // The outermost block unwrapped: the catch clause's label is unchanged (it targets a block inside), the br 2 becomes br 1.
  assert.ok(bodies.some((b) => b.filter((i) => i.op === 'block').length === 1 && b.some((i) => i.op === 'br' && i.imm[0] === 1) && catchesOf(b).length === 1), 'no candidate unwrapped the outer block');
  assert.ok(bodies.some((b) => !b.some((i) => i.op === 'throw') && b.some((i) => i.op === 'unreachable')), 'no candidate replaced the throw');
});

test('every candidate the reducer yields for generated cases with exceptions validates', () => {
  let withTags = 0;
  let yielded = 0;
  for (let run = 0; run < 40 && withTags < 5; run++) {
    const c = wasmCaseFromBytes(wasmCaseBytesForSeed(14, run));
    if ((c.module.tags?.length ?? 0) === 0 || !c.module.funcs.some((f) => f.body.some((i) => i.op === 'try_table'))) continue;
    withTags++;
    let k = 0;
    for (const cand of reduce(c)) {
      validateModule(cand.module, new GcTypeRegistry());
      yielded++;
      if (++k >= 80) break;
    }
  }
  assert.equal(withTags, 5);
  assert.ok(yielded > 5 * 40, `only ${yielded} candidates`);
});
