import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { Trap } from '../../../src/errors/Trap';
import { invokeExport } from '../../../src/wasm/execution/invoke';
import type { MemInstance } from '../../../src/wasm/execution/memInstance';
import type { Module } from '../../../src/wasm/syntax/module';
import type { ValType } from '../../../src/wasm/syntax/types';
import { code, func, funcT, load, module, runtime, single } from './moduleBuilder';

/** Memory 1..3 pages, one passive data segment "\x01\x02\x03\x04", one active at 16: "hi". */
function memModule(): Module {
  const fns: [string, ValType[], ValType[], string][] = [
    ['load8', ['i32'], ['i32'], 'local.get 0; i32.load8_u 0'],
    ['load8s', ['i32'], ['i32'], 'local.get 0; i32.load8_s 0'],
    ['load32', ['i32'], ['i32'], 'local.get 0; i32.load 0'],
    ['load64', ['i32'], ['i64'], 'local.get 0; i64.load 0'],
    ['load32s64', ['i32'], ['i64'], 'local.get 0; i64.load32_s 0'],
    ['store32', ['i32', 'i32'], [], 'local.get 0; local.get 1; i32.store 0'],
    ['store16', ['i32', 'i64'], [], 'local.get 0; local.get 1; i64.store16 0'],
    ['storef64', ['i32', 'f64'], [], 'local.get 0; local.get 1; f64.store 0'],
    ['loadf64', ['i32'], ['f64'], 'local.get 0; f64.load 0'],
    ['offset', ['i32'], ['i32'], 'local.get 0; i32.load8_u 16'],
    ['size', [], ['i32'], 'memory.size 0'],
    ['grow', ['i32'], ['i32'], 'local.get 0; memory.grow 0'],
    ['fill', ['i32', 'i32', 'i32'], [], 'local.get 0; local.get 1; local.get 2; memory.fill 0'],
    ['copy', ['i32', 'i32', 'i32'], [], 'local.get 0; local.get 1; local.get 2; memory.copy 0 0'],
    ['init', ['i32', 'i32', 'i32'], [], 'local.get 0; local.get 1; local.get 2; memory.init 0 0'],
    ['drop', [], [], 'data.drop 0'],
  ];
  return module({
    types: fns.map(([, p, r]) => single(funcT(p, r))),
    funcs: fns.map(([, , , body], i) => func(i, code(body))),
    mems: [{ limits: { min: 1, max: 3 } }],
    datas: [
      { init: new Uint8Array([1, 2, 3, 4]), mode: { kind: 'passive' } },
      { init: new TextEncoder().encode('hi'), mode: { kind: 'active', memory: 0, offset: code('i32.const 16') } },
    ],
    exports: [...fns.map(([name], i) => ({ name, kind: 'func' as const, index: i })), { name: 'mem', kind: 'memory', index: 0 }],
    dataCount: 2,
  });
}

test('linear memory: loads, stores, grow, bulk operations, bounds', () => {
  const rt = runtime('drc');
  const inst = load(rt, memModule());
  const call = (name: string, ...args: (number | bigint)[]) => invokeExport(rt.ws, inst, name, args);
  const oob = (name: string, ...args: (number | bigint)[]) =>
    assert.throws(() => call(name, ...args), (e: unknown) => e instanceof Trap && e.message === 'out of bounds memory access');
  assert.deepEqual(call('offset', 0), [0x68]);
  assert.deepEqual(call('load8', 17), [0x69]);
  call('store32', 100, -2);
  assert.deepEqual(call('load8', 100), [0xfe]);
  assert.deepEqual(call('load8s', 100), [-2]);
  assert.deepEqual(call('load32', 100), [-2]);
  assert.deepEqual(call('load32s64', 100), [-2n]);
  call('store16', 200, 0x12345n);
  assert.deepEqual(call('load32', 200), [0x2345]);
  call('storef64', 300, -0);
  assert.ok(Object.is(call('loadf64', 300)[0], -0));
  assert.deepEqual(call('load64', 65528), [0n]);
  oob('load64', 65529);
  oob('load32', -1);
  oob('store32', 65533, 1);
  assert.deepEqual(call('size'), [1]);
  assert.deepEqual(call('grow', 1), [1]);
  assert.deepEqual(call('size'), [2]);
  assert.deepEqual(call('load32', 65536 + 100), [0], 'grown memory is zeroed and in bounds');
  assert.deepEqual(call('grow', 2), [-1], 'past the declared maximum');
  assert.deepEqual(call('grow', 0), [2]);
  call('fill', 1000, 0x1ab, 3);
  assert.deepEqual(call('load32', 1000), [0x00ababab]);
  oob('fill', 2 * 65536 - 1, 0, 2);
  call('fill', 2 * 65536, 0, 0);
  call('copy', 1001, 1000, 3);
  assert.deepEqual(call('load32', 1000), [0xabababab | 0]);
  call('init', 500, 1, 3);
  assert.deepEqual(call('load32', 500), [0x00040302]);
  oob('init', 500, 2, 3);
  call('drop');
  oob('init', 500, 0, 1);
  call('init', 500, 0, 0);
  const mem = inst.getExport('mem') as MemInstance;
  assert.equal(mem.pages, 2);
});

test('active data segment out of bounds: instantiation traps after earlier segments applied', () => {
  const rt = runtime('drc');
  const m = module({
    mems: [{ limits: { min: 1 } }],
    datas: [
      { init: new Uint8Array([7]), mode: { kind: 'active', memory: 0, offset: code('i32.const 0') } },
      { init: new Uint8Array([1, 2]), mode: { kind: 'active', memory: 0, offset: code('i32.const 65535') } },
    ],
    exports: [{ name: 'mem', kind: 'memory', index: 0 }],
  });
  const exporter = load(rt, module({ mems: [{ limits: { min: 1 } }], exports: [{ name: 'mem', kind: 'memory', index: 0 }] }));
  const importing = { ...m, imports: [{ module: 'm', name: 'mem', desc: { kind: 'memory' as const, type: { limits: { min: 1 } } } }], mems: [] };
  assert.throws(() => load(rt, importing, { m: exporter.exports }), (e: unknown) => e instanceof Trap && e.message === 'out of bounds memory access');
  assert.equal((exporter.getExport('mem') as MemInstance).bytes[0], 7, 'the first segment stays applied');
});
