import fc from 'fast-check';
import type { Op, RefValue, Slot } from './opCase';
import { opArbitrary, forgeArbitrary, numValueArbitrary, slotArbitrary } from './opArbitrary';
import { EXTERN_ARRAY_TYPE, EXTERN_GLOBAL, NODE_TYPE, RECORD_TYPE, REF_ARRAY_TYPE, SUB_NODE_TYPE } from './caseShapeArbitrary';

const h = (n: number): RefValue => ({ v: 'slot', slot: { s: 'handle', h: n } });
const field = (hh: number, f: number): Slot => ({ s: 'field', h: hh, f });
const drops = (n: number): Op[] => Array.from({ length: n }, (): Op => ({ op: 'drop', h: 0 }));

/**
 * A short run of ops that builds a graph shape random single ops rarely hit: chains, cycles,
 * self-loops, DAGs with shared children, externrefs inside objects and tables, refs held only by
 * Wasm frames, scoped handles, collections abandoned midway, no-GC scopes. Indices inside a
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
    w(2, noGcArbitrary(typeCount)),
    w(2, scopeArbitrary(typeCount)),
    w(2, numericArbitrary),
    w(1, forgeArbitrary.map((op) => [op])),
    w(2, selfAssignArbitrary),
  );
}

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
