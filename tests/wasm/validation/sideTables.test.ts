/** The FuncSideTable contract (src/wasm/validation/validatedModule.ts) on small bodies. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GcTypeRegistry } from '../../../src/runtime/gcTypes';
import type { FuncSideTable } from '../../../src/wasm/validation/validatedModule';
import type { Module } from '../../../src/wasm/syntax/module';
import { validateModule } from '../../../src/wasm/validation/validateModule';
import { field, func, funcT, ins, module, ref, single, structT } from './moduleBuilder';

function table(m: Module, f = 0): FuncSideTable {
  return validateModule(m, new GcTypeRegistry()).funcs[f]!;
}
const arr = (a: Int32Array | Uint8Array): number[] => Array.from(a);

test('if / else / end: matchEnd, matchElse, heights', () => {
  const t = table(
    module({
      types: [single(funcT([], []))],
      funcs: [
        func(0, [
          ins('i32.const', 1), // 0
          ins('if', { kind: 'value', type: 'i32' }), // 1
          ins('i32.const', 2), // 2
          ins('else'), // 3
          ins('i32.const', 3), // 4
          ins('end'), // 5
          ins('drop'), // 6
        ]),
      ],
    }),
  );
  assert.deepEqual(arr(t.matchEnd), [-1, 5, -1, 5, -1, -1, -1]);
  assert.deepEqual(arr(t.matchElse), [-1, 3, -1, -1, -1, -1, -1]);
  assert.deepEqual(arr(t.heightBefore), [0, 1, 0, 1, 0, 1, 1]);
  assert.equal(t.maxHeight, 1);
  assert.equal(t.gcStackAt.size, 0);
});

test('blocks and loops; unreachable code has height -1, including blocks entered there', () => {
  const t = table(
    module({
      types: [single(funcT([], []))],
      funcs: [
        func(0, [
          ins('block', { kind: 'empty' }), // 0
          ins('loop', { kind: 'empty' }), // 1
          ins('br', 1), // 2
          ins('i32.const', 0), // 3 dead
          ins('block', { kind: 'empty' }), // 4 dead
          ins('end'), // 5 dead
          ins('drop'), // 6 dead
          ins('end'), // 7 dead (end of the loop, whose frame is unreachable)
          ins('end'), // 8 live again
          ins('nop'), // 9
        ]),
      ],
    }),
  );
  assert.deepEqual(arr(t.matchEnd), [8, 7, -1, -1, 5, -1, -1, -1, -1, -1]);
  assert.deepEqual(arr(t.heightBefore), [0, 0, 0, -1, -1, -1, -1, -1, 0, 0]);
  assert.equal(t.maxHeight, 0);
});

test('if without else; maxHeight counts multi-value results', () => {
  const t = table(
    module({
      types: [single(funcT([], ['i32', 'i64', 'f32'])), single(funcT([], []))],
      funcs: [
        func(0, [ins('i32.const', 0), ins('i64.const', 0n), ins('f32.const', 0)]),
        func(1, [ins('i32.const', 0), ins('if', { kind: 'empty' }), ins('call', 0), ins('drop'), ins('drop'), ins('drop'), ins('end')]),
      ],
    }),
    1,
  );
  assert.deepEqual(arr(t.matchEnd), [-1, 6, -1, -1, -1, -1, -1]);
  assert.deepEqual(arr(t.matchElse), [-1, -1, -1, -1, -1, -1, -1]);
  assert.deepEqual(arr(t.heightBefore), [0, 1, 0, 3, 2, 1, 0]);
  assert.equal(t.maxHeight, 3);
});

test('stack maps at safepoints mark GC refs (any and extern hierarchies), not funcrefs; gcLocals', () => {
  const S = 0;
  const m = module({
    types: [
      single(structT(field('i32'))), // 0
      single(funcT([], [])), // 1
      single(funcT([ref('any'), ref('func'), ref('extern'), ref(1, false)], [])), // 2
    ],
    funcs: [
      func(1, []),
      func(
        2,
        [
          ins('local.get', 0), // 0  [any]
          ins('i32.const', 7), // 1  [any i32]
          ins('local.get', 1), // 2  [any i32 func]
          ins('local.get', 2), // 3  [any i32 func extern]
          ins('local.get', 3), // 4  [.. (ref $f)]
          ins('call', 0), // 5  safepoint
          ins('i32.const', 1), // 6
          ins('struct.new', S), // 7  safepoint (its operand included)
          ins('drop'), // 8
          ins('drop'),
          ins('drop'),
          ins('drop'),
          ins('drop'),
          ins('drop'), // 13
          ins('unreachable'), // 14
          ins('call', 0), // 15 dead: no stack map
        ],
        [ref(S), 'i32', ref('nofunc'), ref('noextern'), ref('none'), ref('i31', false)],
      ),
    ],
  });
  const t = table(m, 1);
  assert.deepEqual([...t.gcStackAt.keys()].sort((a, b) => a - b), [5, 7]);
  assert.deepEqual(arr(t.gcStackAt.get(5)!), [1, 0, 0, 1, 0]);
  assert.deepEqual(arr(t.gcStackAt.get(7)!), [1, 0, 0, 1, 0, 0]);
  assert.deepEqual(arr(t.gcLocals), [1, 0, 1, 0, 1, 0, 0, 1, 1, 1]);
  assert.equal(t.locals.length, 10);
  assert.deepEqual(t.params.length, 4);
  assert.equal(t.heightBefore[15], -1);
  assert.equal(t.maxHeight, 6);
});
