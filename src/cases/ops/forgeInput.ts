import type { Store } from '../../runtime/store';
import type { GcHeap } from '../../runtime/gcHeap';
import type { GcRef } from '../../runtime/gcRef';
import { GcKind } from '../../runtime/gcKind';
import type { GcTypeRegistry } from '../../runtime/gcTypes';
import type { ForgeKind } from '../../gen/ops/opCase';
import type { Bystander } from '../../harness/targets/ops/bystander';
import type { SandboxViolation } from '../../errors/SandboxError';

/**
 * Forged *bytes*, not only forged refs: what a compiler bug or a malicious module can leave in the
 * GC heap (../shared/docs/wasmtime-gc-notes.md, "Sandboxing"). Each mode writes a few words into
 * this store's heap through its raw buffer (`vmctxGcHeapBase`, as compiled Wasm would), hands the
 * ref to one entry point, then puts the words back, so a rejected read leaves the heap byte for
 * byte as it was and the model stays in step.
 *  - host-data ids (an externref's payload word): 'hostStale' an id just released, 'hostZero' 0,
 *    'hostPastEnd' an id past any table an op stream can fill, 'hostForeign' the id the bystander
 *    store's externref holds (valid there, never a licence to read the other store's host object);
 *  - headers: 'badSize' a live object's collector bits with one size bit flipped (the null
 *    collector keeps the size there; the others allow no such bit) or a live array's length word
 *    changed (the computed size then disagrees with the stored one, or passes the object size
 *    limit), 'funcType' a live object's type word naming a function type, 'pastBump' a copy of the
 *    last object's header 16 or 32 bytes further on or 16 bytes below the heap bound, so the object
 *    it claims ends past the bump pointer (or the bound).
 * No mode needs a draw of its own: the kind is re-read from bits 11-15 of the forge op's `n`
 * (`refineForgeKind`), the variant from bits 8-10, so every other op of a stream is drawn as before.
 *
 * Not a mode: a header below FIRST_OBJECT. Every collector's FIRST_OBJECT equals its alignment, so
 * the only aligned ref below it is 0, which is null ('null' SandboxError) before any header is read.
 */
export const FORGED_INPUT_KINDS = ['hostStale', 'hostZero', 'hostPastEnd', 'hostForeign', 'badSize', 'funcType', 'pastBump'] as const satisfies readonly ForgeKind[];
/** Kinds whose forged input is an externref's host-data id: always used through a host-data read. */
export const HOST_ID_KINDS: ReadonlySet<ForgeKind> = new Set<ForgeKind>(['hostStale', 'hostZero', 'hostPastEnd', 'hostForeign']);

/** Forged collector bytes that a collection meets (src/cases/ops/forgedCollection.ts). */
export const FORGED_COLLECTION_KINDS = ['externLink', 'copiedBit'] as const satisfies readonly ForgeKind[];
const REFINED_KINDS: readonly ForgeKind[] = [...FORGED_INPUT_KINDS, ...FORGED_COLLECTION_KINDS];

/**
 * Bits 11-15 of n: with bit 11 set, values 0-6 of bits 12-15 turn a drawn forge into one of the
 * forged-input kinds, 7-8 into a forged-collection kind (9 in 32 in all), so most forges stay the
 * classic bad refs (7 in 16 made the unchecked-read mutant need twice the runs).
 */
export function refineForgeKind(drawn: ForgeKind, n: number): ForgeKind {
  const m = (n >>> 12) & 15;
  return (n & 0x800) !== 0 && m < REFINED_KINDS.length ? REFINED_KINDS[m]! : drawn;
}

/** A forged ref over scribbled words; `restore` puts the words back (call it once, after the use). */
export interface ForgedInput {
  readonly ref: GcRef;
  /** The forged host-data id ('host*' kinds), or -1. */
  readonly hostId: number;
  /** True when the id sits in a live externref of this heap; false when only the table is asked. */
  readonly throughHeap: boolean;
  /** The SandboxError violations the runtime may raise for it (GcHeapBase.checkObject's contract). */
  readonly violations: readonly SandboxViolation[];
  restore(): void;
}

const HOST_ID: readonly SandboxViolation[] = ['bad host data id'];
const OUT_OF_BOUNDS: readonly SandboxViolation[] = ['out of bounds'];

/** A value no case ever stores as host data: the stale id's short-lived occupant. */
const STALE_MARKER: unique symbol = Symbol('forge: released host data');

export function isStaleMarker(v: unknown): boolean {
  return v === STALE_MARKER;
}

export class Scribbler {
  private readonly saved: [number, number][] = [];
  readonly u32: Uint32Array;

  constructor(heap: GcHeap) {
    this.u32 = new Uint32Array(heap.vmctxGcHeapBase(), 0, heap.vmctxGcHeapBound() >>> 2);
  }

  write(word: number, value: number): void {
    if (word < 0 || word >= this.u32.length) return;
    this.saved.push([word, this.u32[word]!]);
    this.u32[word] = value >>> 0;
  }

  restore(): void {
    for (let i = this.saved.length - 1; i >= 0; i--) this.u32[this.saved[i]![0]] = this.saved[i]![1];
    this.saved.length = 0;
  }
}

/** The kind of a heap ref that passes the heap's own checks, or -1. */
function kindOf(heap: GcHeap, ref: GcRef): number {
  if (ref === 0 || (ref & 1) !== 0) return -1;
  try {
    return heap.headerKind(ref);
  } catch {
    return -1;
  }
}

/** A live object of this store: the one in `preferred` first, then any handle's, scanning from it. */
export function liveObject(store: Store, refs: readonly GcRef[], preferred: number, want: (kind: number) => boolean): GcRef {
  for (let i = 0; i < refs.length; i++) {
    const r = refs[(preferred + i) % refs.length]!;
    if (want(kindOf(store.heap, r))) return r;
  }
  return 0;
}

/** The highest object in the heap (it ends at the bump pointer: nothing free lies above it), or 0. */
export function lastObject(heap: GcHeap): GcRef {
  let last = 0;
  try {
    heap.forEachObject((r) => { if (r > last) last = r; });
  } catch {
    return 0;
  }
  return last;
}

/** A ref no heap accepts whatever its bytes (past the bound): the fallback when no object exists. */
function pastBound(heap: GcHeap, n: number): GcRef {
  return (heap.vmctxGcHeapBound() + 16 * (1 + (n % 64))) >>> 0;
}

/** A function type of `types`, registered on first use (ops cases declare none; headers must never name one). */
function functionType(types: GcTypeRegistry): number {
  for (let i = 0; i < types.size; i++) if (types.lookup(i)?.kind === 'func') return i;
  return types.register({ kind: 'func' });
}

/**
 * The word of externref `ref` that holds its host-data id, found by asking the heap itself
 * (`externrefHostData`) which candidate word it reads; null if none answers.
 */
function hostIdWord(heap: GcHeap, u32: Uint32Array, ref: GcRef): number | null {
  return probeWord(u32, ref, heap.externrefHostData(ref), () => heap.externrefHostData(ref));
}

/** Of the words 1-7 of the object at `ref` that hold `value`, the one `read` reads: each is changed in turn and put back. */
function probeWord(u32: Uint32Array, ref: GcRef, value: number, read: () => number): number | null {
  const w0 = ref >>> 2;
  for (let w = w0 + 1; w < w0 + 8 && w < u32.length; w++) {
    if (u32[w] !== value) continue;
    const probe = (value ^ 0x40000000) >>> 0;
    u32[w] = probe;
    let hit = false;
    try {
      hit = read() === probe;
    } catch {
      hit = false;
    } finally {
      u32[w] = value;
    }
    if (hit) return w;
  }
  return null;
}

/**
 * The word of array `ref` that holds its length: it follows the header (2 to 6 words in every
 * collector), so when exactly one of words 2-6 holds the length, that one is it; else null. (A
 * changed length fails the heap's own check, so it cannot be probed as the id word is.)
 */
function lengthWord(heap: GcHeap, u32: Uint32Array, ref: GcRef): number | null {
  const len = heap.arrayLen(ref);
  const w0 = ref >>> 2;
  let found: number | null = null;
  for (let w = w0 + 2; w <= w0 + 6 && w < u32.length; w++) {
    if (u32[w] !== len) continue;
    if (found !== null) return null;
    found = w;
  }
  return found;
}

/** The bad host-data id of a 'host*' kind. 'hostStale' allocates and releases one slot (the table's free stack is left as it was). */
function badHostId(kind: ForgeKind, n: number, store: Store, bystander: Bystander): number {
  switch (kind) {
    case 'hostZero': return 0;
    case 'hostPastEnd': return (n & 0x100) === 0 ? 0x10000 + (n & 0xfff) : (0xffffffff - (n & 0xff)) >>> 0;
    case 'hostStale': {
      const id = store.hostData.alloc(STALE_MARKER);
      store.hostData.dealloc(id);
      return id;
    }
    default: {
      const e = bystander.refs()[2]!;
      return bystander.store.heap.externrefHostData(e);
    }
  }
}

/**
 * Make the forged input of a forged-input `kind`: scribble into `store`'s heap and return the ref
 * to use. `refs` are the raw refs of the case's handles, `h` the op's handle index.
 */
export function forgeInput(kind: ForgeKind, n: number, store: Store, refs: readonly GcRef[], h: number, bystander: Bystander): ForgedInput {
  const heap = store.heap;
  const s = new Scribbler(heap);
  // A forged header is a 'bad header' (kind, type index or size), an object past the bump pointer
  // 'out of bounds' (copying: 'freed' when it starts outside the active space); a bad id is a 'bad host data id'.
  const header: readonly SandboxViolation[] = kind === 'pastBump' ? ['out of bounds', 'freed'] : ['bad header'];
  const done = (ref: GcRef, hostId = -1, throughHeap = true, violations = HOST_ID_KINDS.has(kind) ? HOST_ID : header): ForgedInput =>
    ({ ref, hostId, throughHeap, violations, restore: () => s.restore() });
  if (HOST_ID_KINDS.has(kind)) {
    const id = badHostId(kind, n, store, bystander);
    const e = liveObject(store, refs, h, (k) => k === GcKind.ExternRef);
    const w = e === 0 ? null : hostIdWord(heap, s.u32, e);
    if (w === null) return done(0, id, false);
    s.write(w, id);
    return done(e, id);
  }
  const isObject = (k: number): boolean => k !== -1;
  switch (kind) {
    case 'badSize': {
      // Bit 10 on and an array at hand: its length word grows (by 64 or 128 elements, or to near
      // 2^32), so the size the type computes disagrees with the size the collector stored.
      const array = (n & 0x400) === 0 ? 0 : liveObject(store, refs, h, (k) => k === GcKind.ArrayRef);
      const w = array === 0 ? null : lengthWord(heap, s.u32, array);
      if (w !== null) {
        const len = s.u32[w]!;
        s.write(w, (n & 0x200) === 0 ? len + (64 << ((n >>> 8) & 1)) : 0xffffffff - (n & 0xff));
        return done(array);
      }
      const base = liveObject(store, refs, h, isObject) || lastObject(heap);
      if (base === 0) return done(pastBound(heap, n), -1, true, OUT_OF_BOUNDS);
      s.write(base >>> 2, s.u32[base >>> 2]! ^ (0x40 << ((n >>> 8) & 3)));
      return done(base);
    }
    case 'funcType': {
      const base = liveObject(store, refs, h, isObject) || lastObject(heap);
      if (base === 0) return done(pastBound(heap, n), -1, true, OUT_OF_BOUNDS);
      s.write((base >>> 2) + 1, functionType(store.types));
      return done(base);
    }
    default: {
      const last = lastObject(heap);
      if (last === 0) return done(pastBound(heap, n), -1, true, OUT_OF_BOUNDS);
      // Bits 8-9: 16 or 32 bytes on, or the last 16 bytes below the heap bound.
      const v = (n >>> 8) & 3;
      const nearBound = heap.vmctxGcHeapBound() - 16;
      const at = v < 2 || nearBound <= last ? last + 16 * (1 + (v & 1)) : nearBound;
      const from = s.u32.slice(last >>> 2, (last >>> 2) + 8);
      for (let i = 0; i < from.length; i++) s.write((at >>> 2) + i, from[i]!);
      return done(at);
    }
  }
}
