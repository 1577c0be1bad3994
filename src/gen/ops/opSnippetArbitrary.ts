import fc from 'fast-check';
import type { Op, RefValue, Slot } from './opCase';
import { opArbitrary } from './opArbitrary';
import { numValueArbitrary, slotArbitrary } from './valueArbitraries';
import { forgeArbitrary } from '../../cases/ops/forge';
import { exnSnippetArbitrary } from './exnSnippetArbitrary';
import { ANY_GLOBAL, EXTERN_ARRAY_TYPE, EXTERN_GLOBAL, NODE_TYPE, NUM_ARRAY_TYPE, RECORD_TYPE, REF_ARRAY_TYPE, SUB_NODE_TYPE } from './caseShapeArbitrary';

const h = (n: number): RefValue => ({ v: 'slot', slot: { s: 'handle', h: n } });
const field = (hh: number, f: number): Slot => ({ s: 'field', h: hh, f });
const drops = (n: number): Op[] => Array.from({ length: n }, (): Op => ({ op: 'drop', h: 0 }));

/**
 * A short run of ops that builds a graph shape random single ops rarely hit: chains, cycles,
 * self-loops, DAGs with shared children, externrefs inside objects and tables, refs held only by
 * Wasm frames, scoped handles, collections abandoned midway, no-GC scopes, bulk table and array
 * writes over the only reference to an object, half-initialised allocations, exceptions in flight. Indices inside a
 * snippet are relative to the handles it creates (0 = newest), so they hold under fixup.
 */
export function opSnippetArbitrary(typeCount: number): fc.Arbitrary<Op[]> {
  let a = cache.get(typeCount);
  if (a === undefined) cache.set(typeCount, (a = buildSnippetArbitrary(typeCount)));
  return a;
}

/** Arbitraries are immutable; building one per case (in `chain`) would dominate generation. */
const cache = new Map<number, fc.Arbitrary<Op[]>>();

function buildSnippetArbitrary(typeCount: number): fc.Arbitrary<Op[]> {
  const w = (weight: number, arbitrary: fc.Arbitrary<Op[]>) => ({ weight, arbitrary });
  return fc.oneof(
    w(40, opArbitrary(typeCount).map((op) => [op])),
    w(8, chainArbitrary),
    w(4, dagArbitrary),
    w(4, externGraphArbitrary),
    w(4, frameArbitrary),
    w(3, incrementalArbitrary),
    w(3, markingArbitrary),
    w(2, noGcArbitrary(typeCount)),
    w(2, scopeArbitrary(typeCount)),
    w(2, numericArbitrary),
    w(1, forgeArbitrary.map((op) => [op])),
    w(2, selfAssignArbitrary),
    w(2, tableBulkArbitrary),
    w(2, arrayBulkArbitrary),
    w(1, numericBulkArbitrary),
    w(2, partialInitArbitrary),
    w(3, exnSnippetArbitrary),
  );
}

/**
 * An object held only by table elements, then overwritten by `table.fill` (often with null, the
 * Wasmtime #14325 shape) or kept alive by `table.grow`; collected and read back.
 */
const tableBulkArbitrary: fc.Arbitrary<Op[]> = fc
  .record({
    extern: fc.boolean(),
    at: fc.nat(3),
    copies: fc.integer({ min: 1, max: 3 }),
    fill: fc.constantFrom<RefValue>({ v: 'null' }, { v: 'null' }, { v: 'i31', n: 7 }, h(0)),
    n: fc.integer({ min: 1, max: 4 }),
    grow: fc.nat(3),
    gc: fc.constantFrom<Op[]>([{ op: 'gc' }], [{ op: 'gc' }], [{ op: 'gcSliced', slices: 2 }], []),
  })
  .map(({ extern, at, copies, fill, n, grow, gc }) => {
    const t = extern ? 1 : 0;
    const ops: Op[] = [extern ? { op: 'newExtern', owned: true } : { op: 'newStruct', type: NODE_TYPE, owned: true }];
    for (let k = 0; k < copies; k++) ops.push({ op: 'writeRef', dst: { s: 'table', t, i: at + k }, val: h(0) });
    if (grow > 0) ops.push({ op: 'tableGrow', t, n: grow, val: h(0) });
    ops.push({ op: 'drop', h: 0 }, { op: 'tableFill', t, i: at, n: Math.max(n, copies), val: fill }, ...gc);
    ops.push({ op: 'read', src: { s: 'table', t, i: at }, signed: false, keep: 'no' }, { op: 'read', src: { s: 'table', t, i: 63 }, signed: false, keep: 'no' });
    return ops;
  });

/**
 * A ref array whose elements are the only references to two objects, then `array.fill` (null or
 * i31 over them) or `array.copy` within the same array (overlapping, either direction); collected
 * and read back.
 */
const arrayBulkArbitrary: fc.Arbitrary<Op[]> = fc
  .record({
    len: fc.integer({ min: 3, max: 6 }),
    extern: fc.boolean(),
    action: fc.constantFrom('fillNull', 'fillI31', 'copyUp', 'copyDown', 'copyPastEnd'),
    gc: fc.boolean(),
  })
  .map(({ len, extern, action, gc }) => {
    const arr = extern ? EXTERN_ARRAY_TYPE : REF_ARRAY_TYPE;
    const make: Op = extern ? { op: 'newExtern', owned: true } : { op: 'newStruct', type: NODE_TYPE, owned: true };
    const ops: Op[] = [{ op: 'newArray', type: arr, len, owned: true }, make, make];
    ops.push({ op: 'writeRef', dst: { s: 'elem', h: 2, i: 0 }, val: h(1) }, { op: 'writeRef', dst: { s: 'elem', h: 2, i: 1 }, val: h(0) });
    ops.push({ op: 'drop', h: 0 }, { op: 'drop', h: 0 });
    switch (action) {
      case 'fillNull': ops.push({ op: 'arrayFill', h: 0, i: 0, n: 2, val: { v: 'null' } }); break;
      case 'fillI31': ops.push({ op: 'arrayFill', h: 0, i: 1, n: len - 1, val: { v: 'i31', n: 3 } }); break;
      case 'copyUp': ops.push({ op: 'arrayCopy', dst: 0, d: 1, src: 0, s: 0, n: len - 1 }); break;
      case 'copyDown': ops.push({ op: 'arrayCopy', dst: 0, d: 0, src: 0, s: 1, n: len - 1 }); break;
      case 'copyPastEnd': ops.push({ op: 'arrayCopy', dst: 0, d: 1, src: 0, s: 0, n: len }); break;
    }
    if (gc) ops.push({ op: 'gc' });
    for (let i = 0; i < 3; i++) ops.push({ op: 'read', src: { s: 'elem', h: 0, i }, signed: false, keep: 'no' });
    return ops;
  });

/** A numeric array from `array.new_fixed`, overlapping `array.copy` and `array.fill` on it, read back. */
const numericBulkArbitrary: fc.Arbitrary<Op[]> = fc
  .record({
    vals: fc.array(numValueArbitrary, { minLength: 2, maxLength: 6 }),
    d: fc.nat(3),
    s: fc.nat(3),
    n: fc.nat(4),
    fill: numValueArbitrary,
  })
  .map(({ vals, d, s, n, fill }): Op[] => [
    { op: 'newArrayFixed', type: NUM_ARRAY_TYPE, vals, owned: true },
    { op: 'arrayCopy', dst: 0, d, src: 0, s, n },
    { op: 'arrayFill', h: 0, i: s, n: 1, val: fill },
    ...vals.map((_, i): Op => ({ op: 'read', src: { s: 'elem', h: 0, i }, signed: true, keep: 'no' })),
  ]);

/**
 * `struct.new` / `array.new_fixed` whose first operand is a fresh child and a later one a field of
 * a handle that holds null (a node's unset field, read out): initialisation fails after the child
 * was stored, the object is abandoned, the child's own handle dropped, and a collection must
 * reclaim both (Wasmtime #12456).
 */
const partialInitArbitrary: fc.Arbitrary<Op[]> = fc
  .record({ array: fc.boolean(), extra: fc.nat(2), gc: fc.constantFrom<Op>({ op: 'gc' }, { op: 'gcSliced', slices: 1 }) })
  .map(({ array, extra, gc }) => {
    const bad: RefValue = { v: 'slot', slot: field(0, 0) };
    const vals: RefValue[] = [h(1), ...Array.from({ length: extra }, (): RefValue => h(1)), bad];
    return [
      { op: 'newStruct', type: NODE_TYPE, owned: true },
      { op: 'newStruct', type: NODE_TYPE, owned: true },
      { op: 'read', src: field(1, 0), signed: false, keep: 'owned' },
      array ? { op: 'newArrayFixed', type: REF_ARRAY_TYPE, vals, owned: true } : { op: 'newStructInit', type: NODE_TYPE, vals, owned: true },
      { op: 'drop', h: 2 },
      gc,
      { op: 'read', src: { s: 'handle', h: 0 }, signed: false, keep: 'no' },
    ];
  });

/** k nodes linked head to tail; optionally closed into a cycle or given a self-loop; some roots dropped. */
const chainArbitrary: fc.Arbitrary<Op[]> = fc
  .record({
    k: fc.integer({ min: 2, max: 6 }),
    sub: fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
    close: fc.constantFrom('none', 'cycle', 'self', 'both'),
    dropped: fc.nat(6),
    then: fc.constantFrom<Op[]>([], [], [], [{ op: 'gc' }], [{ op: 'gcSliced', slices: 2 }]),
  })
  .map(({ k, sub, close, dropped, then }) => {
    const ops: Op[] = [];
    for (let j = 0; j < k; j++) ops.push({ op: 'newStruct', type: sub[j] ? SUB_NODE_TYPE : NODE_TYPE, owned: true });
    for (let j = 0; j < k - 1; j++) ops.push({ op: 'writeRef', dst: field(k - 1 - j, 0), val: h(k - 2 - j) });
    if (close === 'cycle' || close === 'both') ops.push({ op: 'writeRef', dst: field(0, 0), val: h(k - 1) });
    if (close === 'self' || close === 'both') ops.push({ op: 'writeRef', dst: field(0, 1), val: h(0) });
    ops.push(...drops(Math.min(dropped, k)), ...then);
    return ops;
  });

/** Two or three parents sharing one child (and maybe a grandchild); roots dropped in some order. */
const dagArbitrary: fc.Arbitrary<Op[]> = fc
  .record({ parents: fc.integer({ min: 2, max: 3 }), grandchild: fc.boolean(), dropChild: fc.boolean(), dropParents: fc.nat(3), gc: fc.constantFrom(false, false, true) })
  .map(({ parents, grandchild, dropChild, dropParents, gc }) => {
    const ops: Op[] = [{ op: 'newStruct', type: NODE_TYPE, owned: true }];
    if (grandchild) {
      ops.push({ op: 'newExtern', owned: true }, { op: 'newStruct', type: RECORD_TYPE, owned: true });
      ops.push({ op: 'writeRef', dst: field(0, 0), val: h(1) });
      ops.push({ op: 'writeRef', dst: field(2, 1), val: h(0) });
      ops.push({ op: 'drop', h: 0 }, { op: 'drop', h: 0 });
    }
    for (let p = 0; p < parents; p++) {
      ops.push({ op: 'newStruct', type: p % 2 === 0 ? NODE_TYPE : SUB_NODE_TYPE, owned: true });
      ops.push({ op: 'writeRef', dst: field(0, 0), val: h(p + 1) });
    }
    if (dropChild) ops.push({ op: 'drop', h: parents });
    ops.push(...drops(Math.min(dropParents, parents)));
    if (gc) ops.push({ op: 'gc' });
    return ops;
  });

/** Externrefs stored in a struct field, an externref array, the extern global and table; root dropped. */
const externGraphArbitrary: fc.Arbitrary<Op[]> = fc
  .record({ where: fc.constantFrom('field', 'array', 'global', 'table'), overwrite: fc.boolean(), gc: fc.constantFrom(false, false, true), readBack: fc.boolean() })
  .map(({ where, overwrite, gc, readBack }) => {
    const ops: Op[] = [{ op: 'newExtern', owned: true }];
    let dst: Slot;
    if (where === 'field') {
      ops.push({ op: 'newStruct', type: RECORD_TYPE, owned: true });
      dst = field(0, 0);
    } else if (where === 'array') {
      ops.push({ op: 'newArray', type: EXTERN_ARRAY_TYPE, len: 3, owned: true });
      dst = { s: 'elem', h: 0, i: 1 };
    } else if (where === 'global') {
      ops.push({ op: 'newExtern', owned: true });
      dst = { s: 'global', g: EXTERN_GLOBAL };
    } else {
      ops.push({ op: 'newExtern', owned: true });
      dst = { s: 'table', t: 1, i: 0 };
    }
    ops.push({ op: 'writeRef', dst, val: h(1) }, { op: 'drop', h: 1 });
    if (overwrite) ops.push({ op: 'writeRef', dst, val: { v: 'null' } });
    if (gc) ops.push({ op: 'gc' });
    if (readBack) ops.push({ op: 'read', src: dst, signed: false, keep: 'owned' }, { op: 'hostData', h: 0 });
    return ops;
  });

/** Refs handed to Wasm and held only by (several) frames across a collection, then returned or dropped. */
const frameArbitrary: fc.Arbitrary<Op[]> = fc
  .record({ depth: fc.integer({ min: 1, max: 3 }), dropRoots: fc.boolean(), gc: fc.constantFrom<Op>({ op: 'gc' }, { op: 'gcSliced', slices: 3 }), keep: fc.boolean(), gcAfter: fc.boolean() })
  .map(({ depth, dropRoots, gc, keep, gcAfter }) => {
    const ops: Op[] = [{ op: 'newExtern', owned: true }, { op: 'newStruct', type: NODE_TYPE, owned: true }];
    for (let d = 0; d < depth; d++) ops.push({ op: 'pushFrame', args: [h(0), h(1), { v: 'i31', n: d }], locals: 1 });
    ops.push({ op: 'writeRef', dst: { s: 'frame', d: 0, i: 3 }, val: { v: 'slot', slot: field(0, 0) } });
    if (dropRoots) ops.push({ op: 'drop', h: 0 }, { op: 'drop', h: 0 });
    ops.push(gc, { op: 'read', src: { s: 'frame', d: depth - 1, i: 0 }, signed: false, keep: keep ? 'owned' : 'no' });
    ops.push({ op: 'read', src: { s: 'frame', d: 0, i: 1 }, signed: false, keep: 'no' });
    for (let d = 0; d < depth; d++) ops.push({ op: 'popFrame' });
    if (gcAfter) ops.push({ op: 'gc' });
    return ops;
  });

/** A collection run in slices or abandoned midway, mutation after it, then a completed collection. */
const incrementalArbitrary: fc.Arbitrary<Op[]> = fc
  .record({ slices: fc.nat(6), abandon: fc.boolean(), finish: fc.constantFrom<Op>({ op: 'gc' }, { op: 'gcSliced', slices: 1 }, { op: 'gcSliced', slices: 64 }) })
  .map(({ slices, abandon, finish }) => [
    { op: 'newStruct', type: NODE_TYPE, owned: true },
    { op: 'newArray', type: REF_ARRAY_TYPE, len: 4, owned: true },
    { op: 'writeRef', dst: { s: 'elem', h: 0, i: 2 }, val: h(1) },
    { op: 'drop', h: 1 },
    abandon ? { op: 'gcAbandon', slices } : { op: 'gcSliced', slices },
    { op: 'newStruct', type: NODE_TYPE, owned: true },
    { op: 'writeRef', dst: { s: 'elem', h: 1, i: 3 }, val: h(0) },
    { op: 'writeRef', dst: { s: 'elem', h: 1, i: 2 }, val: { v: 'null' } },
    { op: 'read', src: { s: 'elem', h: 1, i: 3 }, signed: false, keep: 'no' },
    finish,
  ]);

/**
 * An explicit incremental collection with the mutator running between its slices (gcStart,
 * gcSlice): an object held only by a Wasm frame, a handle or a global when marking starts is stored
 * into an object the first slice may have marked black, its old holder goes (frame popped or slot
 * cleared, handle dropped, global overwritten), more slices run, and the collection is finished,
 * dropped or left open. The shape SATB barriers and stack-root snapshots exist for.
 */
const markingArbitrary: fc.Arbitrary<Op[]> = fc
  .record({
    via: fc.constantFrom('frame', 'frame', 'handle', 'global'),
    budgets: fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 1, maxLength: 4 }),
    pop: fc.boolean(),
    end: fc.constantFrom<Op[]>([{ op: 'gcFinish' }], [{ op: 'gcFinish' }], [{ op: 'gcDrop' }], []),
    gcAfter: fc.boolean(),
  })
  .map(({ via, budgets, pop, end, gcAfter }) => {
    const holder: Slot = via === 'frame' ? { s: 'frame', d: 0, i: 0 } : via === 'global' ? { s: 'global', g: ANY_GLOBAL } : { s: 'handle', h: 0 };
    // Handles: the early-marked object B, then O (h0) until O's handle goes.
    const ops: Op[] = [{ op: 'newStruct', type: NODE_TYPE, owned: true }, { op: 'newStruct', type: NODE_TYPE, owned: true }];
    if (via === 'frame') ops.push({ op: 'pushFrame', args: [h(0)], locals: 1 });
    if (via === 'global') ops.push({ op: 'writeRef', dst: holder, val: h(0) });
    if (via !== 'handle') ops.push({ op: 'drop', h: 0 });
    const b = via === 'handle' ? 1 : 0;
    ops.push({ op: 'gcStart' }, { op: 'gcSlice', budget: budgets[0]! });
    ops.push({ op: 'writeRef', dst: field(b, 0), val: { v: 'slot', slot: holder } });
    if (via === 'handle') ops.push({ op: 'drop', h: 0 });
    else if (via === 'frame' && pop) ops.push({ op: 'popFrame' });
    else ops.push({ op: 'writeRef', dst: holder, val: { v: 'null' } });
    for (const budget of budgets.slice(1)) ops.push({ op: 'gcSlice', budget });
    ops.push(...end, { op: 'read', src: field(0, 0), signed: false, keep: 'no' });
    if (via === 'frame' && !pop) ops.push({ op: 'popFrame' });
    if (gcAfter) ops.push({ op: 'gc' });
    return ops;
  });

/**
 * A no-GC scope around a few random ops, an allocation (which may only grow the heap) and one
 * collection attempted inside it (InvariantError expected), closed again.
 */
function noGcArbitrary(typeCount: number): fc.Arbitrary<Op[]> {
  return fc
    .record({
      gc: fc.constantFrom<Op>({ op: 'gc' }, { op: 'gcSliced', slices: 1 }, { op: 'gcAbandon', slices: 0 }),
      inner: fc.array(opArbitrary(typeCount), { maxLength: 4 }),
      nested: fc.boolean(),
    })
    .map(({ gc, inner, nested }): Op[] => [
      { op: 'enterNoGc' },
      ...(nested ? [{ op: 'enterNoGc' } as Op] : []),
      { op: 'newStruct', type: NODE_TYPE, owned: true },
      ...inner.filter((o) => o.op !== 'gc' && o.op !== 'gcSliced' && o.op !== 'gcAbandon'),
      gc,
      ...(nested ? [{ op: 'exitNoGc' } as Op] : []),
      { op: 'exitNoGc' },
    ]);
}

/** Scoped handles made inside a scope, linked into an outer object, released by leaving the scope. */
function scopeArbitrary(typeCount: number): fc.Arbitrary<Op[]> {
  return fc.record({ inner: fc.array(opArbitrary(typeCount), { maxLength: 6 }), gc: fc.boolean() }).map(({ inner, gc }): Op[] => [
    { op: 'newStruct', type: NODE_TYPE, owned: true },
    { op: 'enterScope' },
    { op: 'newStruct', type: NODE_TYPE, owned: false },
    { op: 'writeRef', dst: field(1, 0), val: h(0) },
    ...inner,
    { op: 'exitScope' },
    ...(gc ? [{ op: 'gc' } as Op] : []),
    { op: 'read', src: field(0, 0), signed: false, keep: 'no' },
  ]);
}

/**
 * A location overwritten with its own value, maybe after dropping every other root of that value:
 * a write barrier that releases the old value before counting the new one frees it here.
 */
const selfAssignArbitrary: fc.Arbitrary<Op[]> = fc
  .record({ slot: slotArbitrary, dropFirst: fc.boolean(), gc: fc.boolean() })
  .map(({ slot, dropFirst, gc }): Op[] => [
    ...(dropFirst ? [{ op: 'newStruct', type: NODE_TYPE, owned: true } as Op, { op: 'newStruct', type: NODE_TYPE, owned: true } as Op,
      { op: 'writeRef', dst: field(1, 0), val: h(0) } as Op, { op: 'drop', h: 0 } as Op] : []),
    { op: 'writeRef', dst: dropFirst ? field(0, 0) : slot, val: { v: 'slot', slot: dropFirst ? field(0, 0) : slot } },
    ...(gc ? [{ op: 'gc' } as Op] : []),
    { op: 'read', src: dropFirst ? field(0, 0) : slot, signed: false, keep: 'no' },
  ]);

/** Numeric fields of every width written and read back, signed and unsigned. */
const numericArbitrary: fc.Arbitrary<Op[]> = fc
  .array(fc.record({ f: fc.nat(7), val: numValueArbitrary, signed: fc.boolean() }), { minLength: 1, maxLength: 4 })
  .map((writes) => [
    { op: 'newStruct', type: RECORD_TYPE, owned: true },
    ...writes.flatMap(({ f, val, signed }): Op[] => [
      { op: 'writeNum', dst: field(0, f), val },
      { op: 'read', src: field(0, f), signed, keep: 'no' },
    ]),
  ]);
