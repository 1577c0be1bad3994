import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { Trap } from '../../../src/errors/Trap';
import { FUNCREF, ANYREF, type ValType } from '../../../src/wasm/syntax/types';
import { invokeExport } from '../../../src/wasm/execution/invoke';
import type { HostValue } from '../../../src/wasm/execution/hostFunc';
import type { Module } from '../../../src/wasm/syntax/module';
import { arrayT, code, field, func, funcT, load, module, ref, runtime, single, structT, type Runtime } from './moduleBuilder';

/** A module exporting one function `f` of type [params] -> [results] (type index = number of extra types). */
function oneFunc(params: ValType[], results: ValType[], body: string, parts: Partial<Module> = {}, locals: ValType[] = []): Module {
  const extra = parts.types ?? [];
  const t = extra.length;
  return module({
    ...parts,
    types: [...extra, single(funcT(params, results))],
    funcs: [func(t, code(body), locals), ...(parts.funcs ?? [])],
    exports: [{ name: 'f', kind: 'func', index: 0 }, ...(parts.exports ?? [])],
  });
}

function call(rt: Runtime, m: Module, args: HostValue[] = [], fuel?: number): HostValue[] {
  const inst = load(rt, m);
  return invokeExport(rt.ws, inst, 'f', args, fuel === undefined ? {} : { fuel });
}

function assertTrap(fn: () => unknown, kind: string, message: string): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof Trap, `expected a Trap, got ${String(e)}`);
    assert.equal(e.kind, kind);
    assert.equal(e.message, message);
    return true;
  });
}

const STRUCT = single(structT(field('i32')));
const ARRAY = single(arrayT(field('i32')));

test('traps carry the reference interpreter messages', () => {
  const rt = runtime('drc');
  assertTrap(() => call(rt, oneFunc([], [], 'unreachable')), 'unreachable', 'unreachable executed');
  assertTrap(() => call(rt, oneFunc([], ['i32'], 'i32.const 1; i32.const 0; i32.div_s')), 'integer divide by zero', 'integer divide by zero');
  assertTrap(() => call(rt, oneFunc([], ['i32'], 'i32.const -2147483648; i32.const -1; i32.div_s')), 'integer overflow', 'integer overflow');
  assertTrap(() => call(rt, oneFunc([], ['i32'], 'f32.const nan; i32.trunc_f32_s')), 'invalid conversion to integer', 'invalid conversion to integer');
  assertTrap(() => call(rt, oneFunc([], ['i32'], 'ref.null 0; struct.get 0 0', { types: [STRUCT] })), 'null reference', 'null structure reference');
  assertTrap(() => call(rt, oneFunc([], ['i32'], 'ref.null 0; array.len', { types: [ARRAY] })), 'null reference', 'null array reference');
  assertTrap(() => call(rt, oneFunc([], ['i32'], 'i32.const 1; array.new_default 0; i32.const 1; array.get 0', { types: [ARRAY] })), 'out of bounds array access', 'out of bounds array access');
  assertTrap(() => call(rt, oneFunc([], ['i32'], 'ref.null i31; i31.get_s')), 'null reference', 'null i31 reference');
  assertTrap(() => call(rt, oneFunc([], [], 'ref.null any; ref.as_non_null; drop')), 'null reference', 'null reference');
  assertTrap(() => call(rt, oneFunc([], [], 'i32.const 5; ref.i31; ref.cast struct; drop')), 'cast failure', 'cast failure');
  assertTrap(() => call(rt, oneFunc([], [], 'ref.null 0; call_ref 0', {})), 'null reference', 'null function reference');
  assertTrap(() => call(rt, oneFunc([], ['i32'], 'i32.const 65536; i32.load 0', { mems: [{ limits: { min: 1 } }] })), 'out of bounds memory access', 'out of bounds memory access');
  assertTrap(() => call(rt, oneFunc([], ['i32'], 'i32.const 65533; i32.load 0', { mems: [{ limits: { min: 1 } }] })), 'out of bounds memory access', 'out of bounds memory access');
  const table = { tables: [{ type: { limits: { min: 2 }, element: FUNCREF } }] };
  assertTrap(() => call(rt, oneFunc([], [], 'i32.const 2; table.get 0; drop', table)), 'out of bounds table access', 'out of bounds table access');
  assertTrap(() => call(rt, oneFunc([], [], 'i32.const 2; call_indirect 0 0', table)), 'undefined element', 'undefined element 2');
  assertTrap(() => call(rt, oneFunc([], [], 'i32.const 1; call_indirect 0 0', table)), 'uninitialized element', 'uninitialized element 1');
  assertTrap(() => call(rt, oneFunc([], [], 'i32.const -1; call_indirect 0 0', table)), 'undefined element', 'undefined element -1');
  const withElem: Partial<Module> = {
    types: [single(funcT(['i32'], []))],
    tables: [{ type: { limits: { min: 1 }, element: FUNCREF } }],
    elems: [{ type: FUNCREF, init: [code('ref.func 0')], mode: { kind: 'active', table: 0, offset: code('i32.const 0') } }],
  };
  assertTrap(() => call(rt, oneFunc([], [], 'i32.const 5; i32.const 0; call_indirect 0 0', withElem)), 'indirect call type mismatch', 'indirect call type mismatch');
});

test('a trap unwinds every frame: the store runs the next invocation from an empty stack', () => {
  const rt = runtime('copying');
  // f(n) recurses n times, then traps.
  const m = oneFunc(['i32'], ['i32'], `
    local.get 0; i32.eqz
    if
      unreachable
    end
    local.get 0; i32.const 1; i32.sub; call 0`);
  const inst = load(rt, m);
  assert.throws(() => invokeExport(rt.ws, inst, 'f', [10]), Trap);
  assert.equal(rt.ws.thread.depth, 0);
  assert.equal(rt.ws.thread.sp, 0);
  assert.throws(() => invokeExport(rt.ws, inst, 'f', [3]), Trap);
  assert.equal(rt.ws.thread.depth, 0);
});

test('fuel: an infinite loop runs out of fuel; each top-level invocation gets fresh fuel', () => {
  const rt = runtime('drc', {}, { fuel: 10_000 });
  const inst = load(rt, oneFunc([], [], 'loop; br 0; end'));
  assertTrap(() => invokeExport(rt.ws, inst, 'f', []), 'out of fuel', 'out of fuel');
  assertTrap(() => invokeExport(rt.ws, inst, 'f', [], { fuel: 5 }), 'out of fuel', 'out of fuel');
  // A counted loop: fuel is per instruction, so 1000 iterations of ~8 instructions need ~8000.
  const counted = load(rt, oneFunc(['i32'], ['i32'], `
    block
      loop
        local.get 0; i32.eqz; br_if 1
        local.get 0; i32.const 1; i32.sub; local.set 0
        br 0
      end
    end
    local.get 0`));
  assert.deepEqual(invokeExport(rt.ws, counted, 'f', [1000], { fuel: 20_000 }), [0]);
  assertTrap(() => invokeExport(rt.ws, counted, 'f', [1000], { fuel: 2_000 }), 'out of fuel', 'out of fuel');
  const before = rt.ws.thread.executed;
  invokeExport(rt.ws, counted, 'f', [10]);
  assert.ok(rt.ws.thread.executed - before > 50, 'executed counts instructions');
});

test('call depth: unbounded recursion exhausts the call stack; the limit is configurable', () => {
  const rec = oneFunc(['i32'], ['i32'], `
    local.get 0; i32.eqz
    if i32
      i32.const 0
    else
      local.get 0; i32.const 1; i32.sub; call 0; i32.const 1; i32.add
    end`);
  const rt = runtime('drc', {}, { maxCallDepth: 100 });
  const inst = load(rt, rec);
  assert.deepEqual(invokeExport(rt.ws, inst, 'f', [99]), [99]);
  assertTrap(() => invokeExport(rt.ws, inst, 'f', [100]), 'call stack exhausted', 'call stack exhausted');
  const deep = runtime('drc');
  assertTrap(() => invokeExport(deep.ws, load(deep, oneFunc([], [], 'call 0')), 'f', []), 'call stack exhausted', 'call stack exhausted');
  assert.deepEqual(invokeExport(deep.ws, load(deep, rec), 'f', [900]), [900]);
});

test('numeric, reference and parametric basics', () => {
  const rt = runtime('drc');
  assert.deepEqual(call(rt, oneFunc(['i64', 'i64'], ['i64'], 'local.get 0; local.get 1; i64.mul'), [3n, -7n]), [-21n]);
  assert.deepEqual(call(rt, oneFunc(['f64'], ['f64'], 'local.get 0; f64.sqrt'), [2.25]), [1.5]);
  assert.deepEqual(call(rt, oneFunc(['i32'], ['i32'], 'local.get 0; ref.i31; i31.get_s'), [-5]), [-5]);
  assert.deepEqual(call(rt, oneFunc(['i32'], ['i32'], 'local.get 0; ref.i31; i31.get_u'), [-1]), [0x7fffffff]);
  assert.deepEqual(call(rt, oneFunc(['i64', 'i64', 'i32'], ['i64'], 'local.get 0; local.get 1; local.get 2; select'), [1n, 2n, 0]), [2n]);
  assert.deepEqual(call(rt, oneFunc([ANYREF], ['i32'], 'local.get 0; ref.test i31'), [null]), [0]);
  assert.deepEqual(call(rt, oneFunc([], ['i32'], 'i32.const 7; ref.i31; ref.test null eq')), [1]);
  assert.deepEqual(
    call(rt, oneFunc([], ['i32'], `
      block refnull:any
        i32.const 3; ref.i31; br_on_cast 0 refnull:any ref:i31
        drop; i32.const 100; return
      end
      ref.cast i31; i31.get_u`)),
    [3],
  );
  // br_table with values to move.
  const m = oneFunc(['i32'], ['i32'], `
    block i32
      block i32
        i32.const 10; local.get 0; br_table 0 1 1
      end
      i32.const 1; i32.add
    end`);
  assert.deepEqual(call(rt, m, [0]), [11]);
  assert.deepEqual(call(rt, m, [1]), [10]);
  assert.deepEqual(call(rt, m, [7]), [10]);
  const s = single(structT(field('i8'), field('i64'), field(ref('any'))));
  assert.deepEqual(call(rt, oneFunc([], ['i32', 'i64'], 'i32.const -1; i64.const -9; ref.null any; struct.new 0; local.tee 0; struct.get_s 0 0; local.get 0; struct.get 0 1', { types: [s] }, [ref(0)])), [-1, -9n]);
});
