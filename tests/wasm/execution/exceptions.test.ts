import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { hostFunc } from '../../../src/wasm/execution/hostFunc';
import { invokeExport } from '../../../src/wasm/execution/invoke';
import { WasmException } from '../../../src/wasm/execution/wasmException';
import type { TagInstance } from '../../../src/wasm/execution/tagInstance';
import type { Module } from '../../../src/wasm/syntax/module';
import { Trap } from '../../../src/errors/Trap';
import { COLLECTORS, code, field, fnType, func, funcT, load, module, ref, runtime, single, structT, tag } from './moduleBuilder';

/**
 * Exception handling on the GC runtime (issue #14): exceptions thrown across frames that hold refs
 * in locals and on the operand stack, caught with catch_ref into an exnref global, collected
 * while held there, rethrown with throw_ref and caught again; an exception escaping to the host
 * survives a collection as the store's pending exception; a host function throws into Wasm. On
 * every built-in collector, with a collection at every allocation (zeal), so each `throw` collects.
 */
const T_NODE = 0; // struct { val: mut i32, next: mut (ref null 0) }
const T_VOID = 1; // [] -> []
const T_TAG = 2; // [(ref null 0), i32] -> []: the tag's payload
const T_THROWER = 3; // [i32] -> []
const T_MAIN = 4; // [] -> [i32]
const T_CATCH_REF = 5; // [] -> [(ref null 0), i32, (ref exn)]: catch_ref's label
const T_CATCH = 6; // [] -> [(ref null 0), i32]: catch's label

const F_GC = 0;
const F_HOST_THROW = 1;
const F_THROWER = 2;
const NODE = ref(T_NODE);
const EXN = ref('exn', false);

function exceptionsModule(): Module {
  // Each level keeps a node in a local and another on its operand stack across the recursive call;
  // the innermost allocates the payload node, collects, and throws.
  const thrower = code(`
    local.get 0; i32.const 0; i32.eq
    if
      i32.const 7; ref.null ${T_NODE}; struct.new ${T_NODE}
      call ${F_GC}
      i32.const 42
      throw 0
    end
    local.get 0; ref.null ${T_NODE}; struct.new ${T_NODE}; local.set 1
    local.get 0; ref.null ${T_NODE}; struct.new ${T_NODE}
    local.get 0; i32.const 1; i32.sub; call ${F_THROWER}
    drop`);
  const main = code(`
    block t${T_CATCH_REF}
      try_table - catch_ref:0:0
        i32.const 5; call ${F_THROWER}
      end
      unreachable
    end
    global.set 0
    local.set 1
    local.set 0
    call ${F_GC}
    i32.const 64; ref.null ${T_NODE}; struct.new ${T_NODE}; drop
    block t${T_CATCH}
      try_table - catch:0:0
        global.get 0; throw_ref
      end
      unreachable
    end
    local.set 2
    local.get 0; ref.eq; i32.const 100; i32.mul
    local.get 2; i32.add
    local.get 0; struct.get ${T_NODE} 0; i32.add
    block
      try_table - catch_all:0
        call ${F_HOST_THROW}
      end
      unreachable
    end
    i32.const 1000; i32.add`);
  const escape = code(`i32.const 3; call ${F_THROWER}`);
  return module({
    types: [
      single(structT(field('i32'), field(NODE))),
      single(funcT([], [])),
      single(funcT([NODE, 'i32'], [])),
      single(funcT(['i32'], [])),
      single(funcT([], ['i32'])),
      single(funcT([], [NODE, 'i32', EXN])),
      single(funcT([], [NODE, 'i32'])),
    ],
    imports: [
      { module: 'host', name: 'gc', desc: { kind: 'func', typeIndex: T_VOID } },
      { module: 'host', name: 'throw', desc: { kind: 'func', typeIndex: T_VOID } },
    ],
    tags: [tag(T_TAG)],
    funcs: [func(T_THROWER, thrower, [NODE]), func(T_MAIN, main, [NODE, 'i32', 'i32']), func(T_VOID, escape)],
    globals: [{ type: { type: ref('exn'), mutable: true }, init: code('ref.null exn') }],
    exports: [
      { name: 'main', kind: 'func', index: 3 },
      { name: 'escape', kind: 'func', index: 4 },
      { name: 'e', kind: 'tag', index: 0 },
    ],
  });
}

for (const collector of COLLECTORS) {
  test(`exceptions across frames, held in a global, rethrown, thrown by the host and escaping to it (${collector})`, () => {
    const rt = runtime(collector, { zeal: { gcEveryNAllocs: 1, poison: true, checks: true } });
    let collections = 0;
    let exnTag: TagInstance | undefined;
    const gc = hostFunc(rt.ws, fnType([], []), () => {
      rt.store.gc();
      collections++;
      return [];
    });
    const hostThrow = hostFunc(rt.ws, fnType([], []), () => {
      throw rt.ws.throwException(exnTag!, [null, 9]);
    });
    const inst = load(rt, exceptionsModule(), { host: { gc, throw: hostThrow } });
    exnTag = inst.getExport('e') as TagInstance;
    // 100 (same node caught twice) + 42 (payload i32) + 7 (payload node's field) + 1000 (host throw caught).
    assert.deepEqual(invokeExport(rt.ws, inst, 'main', []), [1149]);
    assert.equal(rt.ws.pendingException[0], 0, 'a caught exception is no longer pending');

    // Escaping to the host: the exception stays pending (a root) through a collection.
    const mark = rt.store.enterScope();
    assert.throws(() => invokeExport(rt.ws, inst, 'escape', []), WasmException);
    rt.store.gc();
    rt.store.gc();
    const exn = rt.ws.takePendingException();
    assert.ok(exn !== null);
    const { tag: t, payload } = rt.ws.inspectException(exn);
    assert.equal(t, exnTag);
    assert.equal(payload[1], 42);
    assert.equal(rt.ws.heap.structGet(payload[0] as number, 0), 7);
    rt.store.exitScope(mark);
    assert.ok(collections >= 3);
    rt.store.gc();
    rt.ws.heap.verifyIntegrity();
  });
}

test('throw_ref of null traps; an exception is not a trap', () => {
  const rt = runtime('drc');
  const m = module({
    types: [single(funcT([], []))],
    funcs: [func(0, code('ref.null exn; throw_ref'))],
    exports: [{ name: 'f', kind: 'func', index: 0 }],
  });
  const inst = load(rt, m);
  assert.throws(() => invokeExport(rt.ws, inst, 'f', []), (e: unknown) => e instanceof Trap && /null exception reference/.test((e as Error).message));
});

test('a host function reached by return_call throws past the caller\'s try_table (its frame is gone)', () => {
  const rt = runtime('copying');
  let exnTag: TagInstance | undefined;
  const hostThrow = hostFunc(rt.ws, fnType([], []), () => {
    throw rt.ws.throwException(exnTag!, []);
  });
  const m = module({
    types: [single(funcT([], [])), single(funcT([], ['i32']))],
    imports: [{ module: 'host', name: 'throw', desc: { kind: 'func', typeIndex: 0 } }],
    tags: [tag(0)],
    funcs: [
      // Catches only what is thrown while it is still on the stack: return_call leaves first.
      func(0, code('block; try_table - catch_all:0; return_call 0; end; end')),
      func(1, code('block; try_table - catch_all:0; call 1; end; i32.const 0; return; end; i32.const 1')),
    ],
    exports: [{ name: 'outer', kind: 'func', index: 2 }, { name: 'e', kind: 'tag', index: 0 }],
  });
  const inst = load(rt, m, { host: { throw: hostThrow } });
  exnTag = inst.getExport('e') as TagInstance;
  assert.deepEqual(invokeExport(rt.ws, inst, 'outer', []), [1]);
});
