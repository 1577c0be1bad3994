import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { Store } from '../../src/runtime/store';
import type { GcRuntime } from '../../src/runtime/gcHeap';
import { builtinCollectors } from '../../src/runtime/collectors/builtinCollectors';
import { WasmStore } from '../../src/wasm/execution/wasmStore';
import { invokeExport } from '../../src/wasm/execution/invoke';
import { WasmException } from '../../src/wasm/execution/wasmException';
import { SandboxError } from '../../src/errors/SandboxError';
import { instantiate } from '../../src/wasm/execution/instantiate';
import { validateModule } from '../../src/wasm/validation/validateModule';
import { code, field, func, funcT, module, ref, single, structT, tag } from '../wasm/execution/moduleBuilder';
import forgetPendingException from './forgetPendingException';
import { exnPayloadLeakingDrc } from './exnPayloadLeakingDrc';
import { exnrefBarrierSkippingDrc } from './exnrefBarrierSkippingDrc';

/**
 * The exception-handling broken collectors against the runtime directly (not yet through the CLI:
 * no generator emits exceptions yet). Each must misbehave exactly where its correct counterpart
 * does not, so the seams are real.
 */
const M = module({
  types: [
    single(structT(field('i32'))), single(funcT([ref(0)], [])), single(funcT([], [])),
    single(funcT([], [ref('exn', false)])), single(funcT([], [ref(0)])), single(funcT([], ['i32'])),
  ],
  tags: [tag(1)],
  funcs: [
    func(2, code('i32.const 7; struct.new 0; throw 0')),
    func(2, code('block; try_table - catch_all:0; i32.const 5; struct.new 0; throw 0; end; end')),
    func(2, code('block t3; try_table - catch_all_ref:0; i32.const 9; struct.new 0; throw 0; end; unreachable; end; global.set 0')),
    func(5, code('block t4; try_table - catch:0:0; global.get 0; throw_ref; end; unreachable; end; struct.get 0 0')),
  ],
  globals: [{ type: { type: ref('exn'), mutable: true }, init: code('ref.null exn') }],
  exports: [
    { name: 'escape', kind: 'func', index: 0 }, { name: 'caught', kind: 'func', index: 1 },
    { name: 'keep', kind: 'func', index: 2 }, { name: 'rethrow', kind: 'func', index: 3 },
  ],
});

function load(collector: GcRuntime): { store: Store; ws: WasmStore; run: (name: string) => unknown } {
  const store = new Store({ collector });
  const ws = new WasmStore(store);
  const inst = instantiate(ws, validateModule(M, store.types));
  return { store, ws, run: (name) => invokeExport(ws, inst, name, []) };
}

/** The payload field of the exception that escaped, after two collections while it was pending. */
function escapedPayload(collector: GcRuntime): unknown {
  const { store, ws, run } = load(collector);
  assert.throws(() => run('escape'), WasmException);
  store.gc();
  store.gc();
  const exn = ws.takePendingException()!;
  return ws.heap.structGet(ws.inspectException(exn).payload[0] as number, 0);
}

test('forgetPendingException (#13316 shape): the pending exception does not survive a collection; on copying it does', () => {
  assert.equal(escapedPayload(builtinCollectors.copying), 7);
  assert.throws(() => escapedPayload(forgetPendingException));
});

test('exnPayloadLeakingDrc: a caught exception frees its payload on DRC, the broken variant leaks it', () => {
  for (const [collector, live] of [[builtinCollectors.drc, 0], [exnPayloadLeakingDrc, 1]] as const) {
    const { store, ws, run } = load(collector);
    run('caught');
    store.gc();
    assert.equal(ws.heap.stats().objectCount, live, collector.name);
  }
});

test('exnrefBarrierSkippingDrc (#13330 shape): an exnref kept in a global survives a collection on DRC, not on the broken variant', () => {
  const { store, run } = load(builtinCollectors.drc);
  run('keep');
  store.gc();
  assert.deepEqual(run('rethrow'), [7 + 2]);
  const broken = load(exnrefBarrierSkippingDrc);
  broken.run('keep');
  broken.store.gc();
  assert.throws(() => broken.run('rethrow'), SandboxError);
});
