import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Handle } from '../../../../src/runtime/store';
import type { OpRunner } from '../../../../src/harness/targets/ops/opRunner';
import { mutatorRoots } from '../../../../src/harness/targets/ops/mutatorRoots';
import { RuntimeRootsView } from '../../../../src/harness/targets/ops/runtimeRootsView';

/**
 * The roots oracle's expected list: scoped handles, then owned handles by slot (as
 * Store.enumerateRoots lists them, so the oracle's passing path needs no sort), then the pending
 * exception, globals, table elements and frames; a second held handle on one slot is listed too,
 * never merged, and the list is the same on every call.
 */

const h = (kind: Handle['kind'], index: number, gen: number): Handle => ({ kind, index, gen });

function fakeRunner(handles: Handle[]): OpRunner {
  const values = new Map(handles.map((x, i) => [x, 0x100 + 0x10 * i]));
  return {
    handles,
    store: { get: (x: Handle) => values.get(x)! },
    pending: [0x40],
    globals: [0, 0x50],
    tables: [{ size: 2, elems: new Uint32Array([0x60, 0x70, 0x80]) }],
    frames: [[0x90], [0xa0, 0]],
  } as unknown as OpRunner;
}

function listed(x: OpRunner): string[] {
  const out: string[] = [];
  mutatorRoots(x)((kind, index, depth, value) => out.push(`${kind}[${index}]@${depth}=${value.toString(16)}`));
  return out;
}

test('owned handles are listed by slot after the scoped ones, then the runner\'s other roots in the provider\'s order', () => {
  const x = fakeRunner([h('owned', 7, 1), h('scoped', 0, 1), h('owned', 6, 2), h('scoped', 1, 1)]);
  assert.deepEqual(listed(x), [
    'handle[0]@-1=110', 'handle[1]@-1=130', 'handle[6]@-1=120', 'handle[7]@-1=100',
    'pending-exception[0]@-1=40', 'global[0]@-1=0', 'global[1]@-1=50', 'table[0]@-1=60', 'table[1]@-1=70',
    'stack[0]@1=90', 'stack[0]@0=a0', 'stack[1]@0=0',
  ]);
});

test('two held handles on one slot are both listed, and a second call lists the same', () => {
  const x = fakeRunner([h('owned', 3, 1), h('owned', 3, 2), h('owned', 1, 1)]);
  const source = mutatorRoots(x);
  const twice = [0, 1].map(() => {
    const out: string[] = [];
    source((kind, index, _d, value) => kind === 'handle' && out.push(`${index}=${value.toString(16)}`));
    return out;
  });
  assert.deepEqual(twice[0], ['3=110', '1=120', '3=100']);
  assert.deepEqual(twice[1], twice[0]);
});

test('the raw-roots view re-reads handles and re-cuts a table only when its size or storage changed', () => {
  const x = fakeRunner([h('owned', 0, 1)]);
  const view = new RuntimeRootsView(x.globals, x.frames, x.pending);
  const a = view.refill(x.store, x.handles, x.tables);
  const cut = a.tables[0];
  assert.deepEqual([...a.handles], [0x100]);
  assert.deepEqual([...cut!], [0x60, 0x70]);
  assert.equal(view.refill(x.store, x.handles, x.tables).tables[0], cut);
  (x.tables[0] as { size: number }).size = 3;
  assert.deepEqual([...view.refill(x.store, x.handles, x.tables).tables[0]!], [0x60, 0x70, 0x80]);
  (x.tables[0] as { elems: Uint32Array }).elems = new Uint32Array([1, 2, 3]);
  assert.deepEqual([...view.refill(x.store, [], x.tables).tables[0]!], [1, 2, 3]);
  assert.deepEqual([...view.handles], []);
});
