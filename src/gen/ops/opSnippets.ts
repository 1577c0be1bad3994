import type { Op, RefValue, Slot } from './opCase';
import { numValueFromBytes, slotFromBytes, type ByteReader } from './opBytes';
import { OP_DECLARATIONS } from '../../cases/ops/opDeclarations';
import { forge } from '../../cases/ops/forge';
import { exnSnippet } from './exnSnippet';
import { sizeBoundarySnippet } from './sizeBoundarySnippet';
import { BOUNDARY_RAW, FILL_CODE } from './boundaryArrayLength';
import { forgedHeaderSnippet } from './forgedHeaderSnippet';
import { objectSizeLimitSnippet } from './objectSizeLimitSnippet';
import { chainSnippet } from './chainSnippet';
import { scopeSnippet } from './scopeSnippet';
import { ANY_GLOBAL, EXTERN_ARRAY_TYPE, EXTERN_GLOBAL, NODE_TYPE, NUM_ARRAY_TYPE, RECORD_TYPE, REF_ARRAY_TYPE, SUB_NODE_TYPE } from './caseShape';
import { h, field, drops, GC } from './snippetParts';


const OP_WEIGHTS: readonly number[] = OP_DECLARATIONS.map((d) => d.weight);

/** One op: its kind chosen by the declarations' weights, then the declaration's own parameter bytes. */
export function opFromBytes(r: ByteReader, typeCount: number): Op {
  return OP_DECLARATIONS[r.kind(OP_WEIGHTS)]!.fromBytes(r, typeCount);
}

type Snippet = (r: ByteReader, typeCount: number) => Op[];

/**
 * Snippet kinds and their weights. Index 0 is the empty snippet: a zero byte (and input past the
 * end) decodes to no op, so a chunk of zeroed bytes, the byte-level shrinker's main move, removes
 * ops instead of turning them into others. Any change here changes what every seed draws.
 */
const SNIPPETS: readonly (readonly [number, Snippet])[] = [
  [1, () => []],
  [39, (r, n) => [opFromBytes(r, n)]],
  // sizeBoundarySnippet: weight 2 since its 'wrapping' shape (a 2^31/2^32-byte request no longer ends the run).
  [2, sizeBoundarySnippet],
  [8, chainSnippet],
  [4, dag],
  [4, externGraph],
  [4, frame],
  [3, incremental],
  [3, marking],
  [3, snapshotLoss],
  [2, noGc],
  [2, scope],
  [2, numeric],
  [2, (r, n) => [forge.fromBytes(r, n)]],
  [2, selfAssign],
  [2, tableBulk],
  [2, arrayBulk],
  [1, numericBulk],
  [2, partialInit],
  [4, exnSnippet],
  [1, forgedHeaderSnippet],
  [1, objectSizeLimitSnippet],
];
const SNIPPET_WEIGHTS = SNIPPETS.map(([w]) => w);

/**
 * A short run of ops that builds a graph shape random single ops rarely hit: chains, cycles,
 * self-loops, DAGs with shared children, externrefs inside objects and tables, refs held only by
 * Wasm frames, scoped handles, collections abandoned midway, no-GC scopes, bulk table and array
 * writes over the only reference to an object, half-initialised allocations, exceptions in flight
 * (exnSnippet.ts). Indices inside a snippet are relative to the handles it creates (0 = newest),
 * so they hold under fixup.
 */
export function snippetFromBytes(r: ByteReader, typeCount: number): Op[] {
  return SNIPPETS[r.kind(SNIPPET_WEIGHTS)]![1](r, typeCount);
}

/**
 * An object held only by table elements, then overwritten by `table.fill` (often with null, the
 * Wasmtime #14325 shape) or kept alive by `table.grow`; collected and read back.
 */
function tableBulk(r: ByteReader): Op[] {
  const extern = r.bit();
  const at = r.int(4);
  const copies = r.range(1, 3);
  const fill = r.pick<RefValue>([{ v: 'null' }, { v: 'null' }, { v: 'i31', n: 7 }, h(0)]);
  const n = r.range(1, 4);
  const grow = r.int(4);
  const gc = r.pick<Op[]>([[GC], [GC], [{ op: 'gcSliced', slices: 2 }], []]);
  const t = extern ? 1 : 0;
  const ops: Op[] = [extern ? { op: 'newExtern', owned: true } : { op: 'newStruct', type: NODE_TYPE, owned: true }];
  for (let k = 0; k < copies; k++) ops.push({ op: 'writeRef', dst: { s: 'table', t, i: at + k }, val: h(0) });
  if (grow > 0) ops.push({ op: 'tableGrow', t, n: grow, val: h(0) });
  ops.push({ op: 'drop', h: 0 }, { op: 'tableFill', t, i: at, n: Math.max(n, copies), val: fill }, ...gc);
  ops.push({ op: 'read', src: { s: 'table', t, i: at }, signed: false, keep: 'no' }, { op: 'read', src: { s: 'table', t, i: 63 }, signed: false, keep: 'no' });
  return ops;
}

/**
 * A ref array whose elements are the only references to two objects, then `array.fill` (null or
 * i31 over them) or `array.copy` within the same array (overlapping, either direction); collected
 * and read back.
 */
function arrayBulk(r: ByteReader): Op[] {
  const len = r.range(3, 6);
  const extern = r.bit();
  const action = r.pick(['fillNull', 'fillI31', 'copyUp', 'copyDown', 'copyPastEnd'] as const);
  const gc = r.bit();
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
  if (gc) ops.push(GC);
  for (let i = 0; i < 3; i++) ops.push({ op: 'read', src: { s: 'elem', h: 0, i }, signed: false, keep: 'no' });
  return ops;
}

/** A numeric array from `array.new_fixed`, overlapping `array.copy` and `array.fill` on it, read back. */
function numericBulk(r: ByteReader): Op[] {
  const vals = Array.from({ length: r.range(2, 6) }, () => numValueFromBytes(r));
  const d = r.int(4);
  const s = r.int(4);
  const n = r.int(5);
  const fill = numValueFromBytes(r);
  return [
    { op: 'newArrayFixed', type: NUM_ARRAY_TYPE, vals, owned: true },
    { op: 'arrayCopy', dst: 0, d, src: 0, s, n },
    { op: 'arrayFill', h: 0, i: s, n: 1, val: fill },
    ...vals.map((_, i): Op => ({ op: 'read', src: { s: 'elem', h: 0, i }, signed: true, keep: 'no' })),
  ];
}

/**
 * `struct.new` / `array.new_fixed` whose first operand is a fresh child and a later one a field of
 * a handle that holds null (a node's unset field, read out): initialisation fails after the child
 * was stored, the object is abandoned, the child's own handle dropped, and a collection must
 * reclaim both (Wasmtime #12456).
 */
function partialInit(r: ByteReader): Op[] {
  const array = r.bit();
  const extra = r.int(3);
  const gc = r.pick<Op>([GC, { op: 'gcSliced', slices: 1 }]);
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
}

/** Two or three parents sharing one child (and maybe a grandchild); roots dropped in some order. */
function dag(r: ByteReader): Op[] {
  const parents = r.range(2, 3);
  const grandchild = r.bit();
  const dropChild = r.bit();
  const dropParents = r.int(4);
  const gc = r.pick<Op[]>([[], [{ op: 'gcSliced', slices: 3 }], [GC]]);
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
  if (gc) ops.push(GC);
  return ops;
}

/** Externrefs stored in a struct field, an externref array, the extern global and table; root dropped. */
function externGraph(r: ByteReader): Op[] {
  const where = r.pick(['field', 'array', 'global', 'table'] as const);
  const overwrite = r.bit();
  const gc = r.pick<Op[]>([[], [{ op: 'gcSliced', slices: 3 }], [GC]]);
  const readBack = r.bit();
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
  ops.push(...gc);
  if (readBack) ops.push({ op: 'read', src: dst, signed: false, keep: 'owned' }, { op: 'hostData', h: 0 });
  return ops;
}

/** Refs handed to Wasm and held only by (several) frames across a collection, then returned or dropped. */
function frame(r: ByteReader): Op[] {
  const depth = r.range(1, 3);
  const dropRoots = r.bit();
  const gc = r.pick<Op>([GC, { op: 'gcSliced', slices: 3 }]);
  const keep = r.bit();
  const gcAfter = r.bit();
  const ops: Op[] = [{ op: 'newExtern', owned: true }, { op: 'newStruct', type: NODE_TYPE, owned: true }];
  for (let d = 0; d < depth; d++) ops.push({ op: 'pushFrame', args: [h(0), h(1), { v: 'i31', n: d }], locals: 1 });
  ops.push({ op: 'writeRef', dst: { s: 'frame', d: 0, i: 3 }, val: { v: 'slot', slot: field(0, 0) } });
  if (dropRoots) ops.push({ op: 'drop', h: 0 }, { op: 'drop', h: 0 });
  ops.push(gc, { op: 'read', src: { s: 'frame', d: depth - 1, i: 0 }, signed: false, keep: keep ? 'owned' : 'no' });
  ops.push({ op: 'read', src: { s: 'frame', d: 0, i: 1 }, signed: false, keep: 'no' });
  for (let d = 0; d < depth; d++) ops.push({ op: 'popFrame' });
  if (gcAfter) ops.push(GC);
  return ops;
}

/** A collection run in slices or abandoned midway, mutation after it, then a completed collection. */
function incremental(r: ByteReader): Op[] {
  const slices = r.int(7);
  const abandon = r.bit();
  const finish = r.pick<Op>([GC, { op: 'gcSliced', slices: 1 }, { op: 'gcSliced', slices: 64 }]);
  return [
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
  ];
}

/**
 * An explicit incremental collection with the mutator running between its slices (gcStart,
 * gcSlice): an object held only by a Wasm frame, a handle or a global when marking starts is stored
 * into an object the first slice may have marked black, its old holder goes (frame popped or slot
 * cleared, handle dropped, global overwritten), more slices run, and the collection is finished,
 * dropped or left open. The shape SATB barriers and stack-root snapshots exist for.
 */
function marking(r: ByteReader): Op[] {
  const via = r.pick(['frame', 'frame', 'handle', 'global'] as const);
  const budgets = Array.from({ length: r.range(1, 4) }, () => r.range(1, 8));
  const pop = r.bit();
  const end = r.pick<Op[]>([[{ op: 'gcFinish' }], [{ op: 'gcFinish' }], [{ op: 'gcDrop' }], []]);
  const gcAfter = r.bit();
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
  if (gcAfter) ops.push(GC);
  return ops;
}

/**
 * The loss snapshot-at-the-beginning marking exists to prevent, whatever the slice budgets: an
 * object O whose only edge when gcStart opens marking is one slot (a global, a table element, a
 * field, an array element, a handle or a Wasm frame), then that edge goes and the collection
 * finishes. A global, element, field or handle is cleared (overwritten with null, dropped): only
 * that slot kind's deletion barrier marks O, which SATB keeps alive this cycle (snapshot-edges). A
 * frame's O is first stored into an object B allocated after gcStart (black: never scanned), then
 * the frame is popped: only the stack-root snapshot marks O, now reachable from B (closure).
 * (`marking` stores O into an object allocated before gcStart, which a slice rarely blackens first.)
 */
function snapshotLoss(r: ByteReader): Op[] {
  const via = r.pick(['global', 'global', 'table', 'table', 'field', 'field', 'elem', 'handle', 'frame', 'frame'] as const);
  const node: Op = { op: 'newStruct', type: NODE_TYPE, owned: true };
  const ops: Op[] = [node];
  // Handles: O (h0); a field or element holder H becomes h0 above it, and O's handle is dropped.
  let slot: Slot = { s: 'handle', h: 0 };
  if (via === 'global' || via === 'table') {
    slot = via === 'global' ? { s: 'global', g: ANY_GLOBAL } : { s: 'table', t: 0, i: 0 };
    ops.push({ op: 'writeRef', dst: slot, val: h(0) }, { op: 'drop', h: 0 });
  } else if (via === 'field' || via === 'elem') {
    ops.push(via === 'field' ? node : { op: 'newArray', type: REF_ARRAY_TYPE, len: 2, owned: true });
    slot = via === 'field' ? field(0, 0) : { s: 'elem', h: 0, i: 0 };
    ops.push({ op: 'writeRef', dst: slot, val: h(1) }, { op: 'drop', h: 1 });
  } else if (via === 'frame') {
    slot = { s: 'frame', d: 0, i: 0 };
    ops.push({ op: 'pushFrame', args: [h(0)], locals: 1 }, { op: 'drop', h: 0 });
  }
  // gcFinish first: a collection already open (the incremental zeal opens them on allocation) has
  // O allocated black and its slot maybe scanned; gcStart then opens a fresh one with O white.
  ops.push({ op: 'gcFinish' }, { op: 'gcStart' });
  if (via === 'frame') {
    ops.push(node, { op: 'writeRef', dst: field(0, 0), val: { v: 'slot', slot } }, { op: 'popFrame' }, { op: 'gcFinish' });
    ops.push({ op: 'read', src: field(0, 0), signed: false, keep: 'no' });
  } else {
    ops.push(via === 'handle' ? { op: 'drop', h: 0 } : { op: 'writeRef', dst: slot, val: { v: 'null' } }, { op: 'gcFinish' });
  }
  return ops;
}

/**
 * A no-GC scope around a few random ops, an allocation (which may only grow the heap) and one
 * collection attempted inside it (InvariantError expected), closed again. One time in four the
 * scope opens with an explicit incremental collection open (gcStart just before it): inside, a
 * gcSlice may only mark it and a second gcStart must fail, as a full collection does. One time
 * in three the allocation is an array that alone fills the initial heap (an exact-fill length of
 * the null or incremental layout), so it takes the store's slow path inside the scope: growth
 * only, never a collection (out of memory there ends the run, as it may).
 */
function noGc(r: ByteReader, typeCount: number): Op[] {
  const gc = r.pick<Op[]>([[GC], [{ op: 'gcSliced', slices: 1 }], [{ op: 'gcAbandon', slices: 0 }], [{ op: 'gcSlice', budget: 1 }, { op: 'gcStart' }]]);
  const inner = Array.from({ length: r.int(5) }, () => opFromBytes(r, typeCount));
  const nested = r.bit();
  const fill = r.int(6);
  return [
    ...(gc[0]!.op === 'gcSlice' ? [{ op: 'gcStart' } as Op] : []),
    { op: 'enterNoGc' },
    ...(nested ? [{ op: 'enterNoGc' } as Op] : []),
    fill < 2 ? { op: 'newArray', type: NUM_ARRAY_TYPE, len: BOUNDARY_RAW + FILL_CODE + 2 * fill, owned: true } : { op: 'newStruct', type: NODE_TYPE, owned: true },
    ...inner.filter((o) => o.op !== 'gc' && o.op !== 'gcSliced' && o.op !== 'gcAbandon'),
    ...gc,
    ...(nested ? [{ op: 'exitNoGc' } as Op] : []),
    { op: 'exitNoGc' },
  ];
}

/** The scope snippet (scopeSnippet.ts), around random ops drawn first. */
function scope(r: ByteReader, typeCount: number): Op[] {
  return scopeSnippet(r, Array.from({ length: r.int(7) }, () => opFromBytes(r, typeCount)));
}

/**
 * A location overwritten with its own value, maybe after dropping every other root of that value:
 * a write barrier that releases the old value before counting the new one frees it here.
 */
function selfAssign(r: ByteReader): Op[] {
  const slot = slotFromBytes(r);
  const dropFirst = r.bit();
  const gc = r.bit();
  const at = dropFirst ? field(0, 0) : slot;
  return [
    ...(dropFirst ? [{ op: 'newStruct', type: NODE_TYPE, owned: true } as Op, { op: 'newStruct', type: NODE_TYPE, owned: true } as Op,
      { op: 'writeRef', dst: field(1, 0), val: h(0) } as Op, { op: 'drop', h: 0 } as Op] : []),
    { op: 'writeRef', dst: at, val: { v: 'slot', slot: at } },
    ...(gc ? [GC] : []),
    { op: 'read', src: at, signed: false, keep: 'no' },
  ];
}

/** Numeric fields of every width written and read back, signed and unsigned. */
function numeric(r: ByteReader): Op[] {
  const writes = Array.from({ length: r.range(1, 4) }, () => ({ f: r.int(8), val: numValueFromBytes(r), signed: r.bit() }));
  return [
    { op: 'newStruct', type: RECORD_TYPE, owned: true },
    ...writes.flatMap(({ f, val, signed }): Op[] => [
      { op: 'writeNum', dst: field(0, f), val },
      { op: 'read', src: field(0, f), signed, keep: 'no' },
    ]),
  ];
}
