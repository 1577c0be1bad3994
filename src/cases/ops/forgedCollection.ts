import type { OpRunner } from '../../harness/targets/ops/opRunner';
import type { GcRef } from '../../runtime/gcRef';
import type { HeapStats } from '../../runtime/gcHeap';
import { GcKind } from '../../runtime/gcKind';
import { CopyingHeap } from '../../runtime/collectors/copyingHeap';
import { checkForgedCollection } from '../../../oracles/checkSandbox';
import { UNCOMPARED } from '../../../oracles/observation';
import { Scribbler, lastObject, liveObject } from './forgeInput';
import type { ForgeKind } from '../../gen/ops/opCase';
import type { SandboxViolation } from '../../errors/SandboxError';
import { computeLayout } from '../../runtime/gcLayout';

/*
 * The copying heap's own words, as a buggy or hostile module could overwrite them
 * (src/runtime/collectors/copyingHeap.ts, "Copying header"): objects are 16-aligned, the semi-spaces
 * start at 16; word 0 of a header carries the COPIED bit (bit 0), word 3 of an externref links the
 * active space's externref list, word 4 of a copied object holds its forwarding ref. An externref is
 * 32 bytes: header, host-data id, padding.
 */
const SPACE_BASE = 16;
const HEADER_SIZE = 16;
const W_EXTERN_NEXT = 3;
const W_FORWARD = 4;
const COPIED = 1;
const EXTERN_SIZE = 32;

/**
 * Forged collector bytes met by a full collection, on a copying heap: the collection must refuse
 * them with a SandboxError (with zeal checks, an InvariantError of the verification at its first
 * slice) and roll back, so the heap is as it was; the words are then put back.
 * Every variant of the kind is tried, each in its own collection, starting from the one bits 8-10
 * of n name (a forge op is drawn rarely; one op meets every check):
 *  - 'externLink': a live externref's link in the active space's externref list (the list the final
 *    slice walks to release the host data of externrefs that were not copied) names: an externref two bytes on (misaligned, its header word), itself (a cycle), a live
 *    non-externref object, a fake externref header written at the bump pointer, a fake one 16 bytes
 *    below it (in untraced words of the last object), or one written at the top of the lower space
 *    while the upper one is active (below the active space); the misaligned link aliases an older
 *    live externref when there is one, so a walk that took it as that externref would go on;
 *  - 'copiedBit': a live object (a root: every handle is one; up to four of them in turn) with its
 *    COPIED bit set, as if already copied, and a forwarding word that is no to-space object: 0, the
 *    heap bound, or the to-space start plus 8 (misaligned); then a traced ref field of one of them
 *    naming a rooted object two bytes on (SandboxError 'misaligned', though the word there is a
 *    COPIED header), or a well-formed externref header with its COPIED bit set written at the bump
 *    pointer (SandboxError 'freed': it starts outside the active space's objects).
 * `observe` false: the call is a probe of another op (forgeCollectionProbe.ts), which observes for
 * itself; it then meets one variant and target, chosen by `n`, not all of them.
 * Returns false, changing nothing, when the kinds do not apply here (another collector, a no-GC
 * scope, a tainted run, whose heap may fail for another reason first, or no object to forge on):
 * the caller then makes the op an interior forge.
 */
export function forgedCollection(x: OpRunner, kind: ForgeKind, n: number, h: number, refs: readonly GcRef[], observe = true): boolean {
  const heap = x.store.heap;
  if (!(heap instanceof CopyingHeap) || x.noGcDepth > 0 || x.tainted) return false;
  const targets = kind === 'externLink' ? [liveObject(x.store, refs, h, (k) => k === GcKind.ExternRef)] : liveObjects(x, refs, h);
  if (targets[0] === 0) return false;
  // Every variant, each in its own collection, from the drawn one: one op meets every check.
  const variants = kind === 'externLink' ? LINK_VARIANTS : FORWARD_VARIANTS;
  const first = kind === 'externLink' ? ((n >>> 8) & 7) % LINK_VARIANTS : ((n >>> 8) & 3) % FORWARD_VARIANTS;
  const field = kind === 'copiedBit' ? refField(x, refs) : null;
  const total = variants * targets.length + (field === null ? 0 : FIELD_VARIANTS);
  // A probe (observe false) meets one of them, chosen by n: every variant is a collection and a heap walk.
  const probed = observe ? -1 : n % total;
  for (let i = 0; i < total; i++) {
    if (probed !== -1 && i !== probed) continue;
    const v = i < variants * targets.length ? (first + i) % variants : variants + i - variants * targets.length;
    const target = targets[Math.min(Math.floor(i / variants), targets.length - 1)]!;
    const before = heap.stats();
    const c = before.counters;
    const S = c['semiSpaceBytes']!;
    const start = c['activeStart']!;
    const bump = c['bumpPointer']!;
    // A fake header at the bump pointer must lie in the active space's free tail, where no copy
    // goes (the to-space, with poison, is checked before each copy: InvariantError first).
    const roomAtBump = bump + EXTERN_SIZE <= start + before.capacityBytes;
    const s = new Scribbler(heap);
    let violation: SandboxViolation = 'bad header';
    if (kind === 'externLink') {
      s.write((target >>> 2) + W_EXTERN_NEXT, linkTarget(x, s, v, target, refs, h, start, bump, S, roomAtBump));
    } else if (v < FORWARD_VARIANTS) {
      const toStart = start === SPACE_BASE ? SPACE_BASE + S : SPACE_BASE;
      s.write(target >>> 2, s.u32[target >>> 2]! | COPIED);
      s.write((target >>> 2) + W_FORWARD, v === 0 ? 0 : v === 1 ? heap.vmctxGcHeapBound() : toStart + 8);
    } else if (v === FORWARD_VARIANTS) {
      // A traced field naming a rooted object two bytes on: its word 0 is that object's header,
      // COPIED by the time the field is scanned (roots come first), but the ref is misaligned.
      s.write(field! >>> 2, targets[0]! + 2);
      violation = 'misaligned';
    } else if (!roomAtBump) {
      continue;
    } else {
      // A traced field naming a well-formed externref header at the bump pointer, its COPIED bit set
      // and forwarding word 0: no object of the active space, whatever its header says.
      s.write(bump >>> 2, (GcKind.ExternRef | COPIED) >>> 0);
      for (let k = 1; k <= W_FORWARD; k++) s.write((bump >>> 2) + k, k === 2 ? EXTERN_SIZE : 0);
      s.write(field! >>> 2, bump);
      violation = 'freed';
    }
    let threw = false;
    let error: unknown;
    // The model's completion checks stay out: a collection that completes here is the finding itself.
    const onComplete = x.store.onGcComplete;
    x.store.onGcComplete = undefined;
    try {
      x.store.gc();
    } catch (e) {
      threw = true;
      error = e;
    } finally {
      x.store.onGcComplete = onComplete;
    }
    const after: HeapStats = heap.stats();
    s.restore();
    // Rolled back word for word: no COPIED bit or forwarding word left in the active space.
    let integrity: unknown;
    try {
      heap.verifyIntegrity();
    } catch (e) {
      integrity = e;
    }
    checkForgedCollection({ opIndex: x.opIndex, kind, variant: v, violation, threw, error, zealChecks: x.c.config.zeal.checks, before, after, integrity });
  }
  if (observe) x.obs(UNCOMPARED);
  return true;
}

/**
 * Up to four distinct live objects of the handles, from handle `h` on (a COPIED bit is met when its
 * object's root is forwarded: an object whose root comes later finds objects already copied, so a
 * misaligned forwarding word then lies inside the to-space's copies); [0] when there is none.
 */
function liveObjects(x: OpRunner, refs: readonly GcRef[], h: number): GcRef[] {
  const out: GcRef[] = [];
  for (let i = 0; i < refs.length && out.length < 4; i++) {
    const r = liveObject(x.store, [refs[(h + i) % refs.length]!], 0, (k) => k !== -1);
    if (r !== 0 && !out.includes(r)) out.push(r);
  }
  return out.length === 0 ? [0] : out;
}

/** The address of a traced ref field of a live object of the handles `refs` (a struct's first, or a ref array's element 0), or null. */
function refField(x: OpRunner, refs: readonly GcRef[]): number | null {
  const heap = x.store.heap;
  for (const o of refs) {
    const k = liveObject(x.store, [o], 0, (kind) => kind !== -1) === 0 ? -1 : heap.headerKind(o);
    if (k !== GcKind.StructRef && k !== GcKind.ArrayRef) continue;
    const layout = computeLayout(x.store.types, heap.headerType(o), HEADER_SIZE);
    if (layout.kind === 'struct' && layout.gcRefOffsets.length > 0) return o + layout.gcRefOffsets[0]!;
    if (layout.kind === 'array' && layout.elemTrace === 'gc' && heap.arrayLen(o) > 0) return o + layout.elemsOffset;
  }
  return null;
}

const LINK_VARIANTS = 6;
/** Forged forwarding words (0, the bound, misaligned), then forged traced fields (misaligned, a header past the bump pointer). */
const FORWARD_VARIANTS = 3;
const FIELD_VARIANTS = 2;

/** The forged link of externref `e` for variant `v` (writing the fake externref header it names, if any). */
function linkTarget(x: OpRunner, s: Scribbler, v: number, e: GcRef, refs: readonly GcRef[], h: number, start: number, bump: number, S: number, roomAtBump: boolean): number {
  const fakeExternAt = (at: number): number => {
    // No room for it where no copy goes: the misaligned link instead.
    if (at === bump && !roomAtBump) return e + 2;
    s.write(at >>> 2, GcKind.ExternRef >>> 0);
    for (let i = 1; i < 4; i++) s.write((at >>> 2) + i, i === 2 ? EXTERN_SIZE : 0);
    return at;
  };
  switch (v) {
    case 1: return e;
    case 2: {
      const o = liveObject(x.store, refs, h, (k) => k !== -1 && k !== GcKind.ExternRef);
      return o !== 0 ? o : fakeExternAt(bump);
    }
    case 3: return fakeExternAt(bump);
    case 4: {
      // 16 bytes below the bump pointer, inside the last object, in two untraced words of it that
      // no collection rewrites (not an externref's: its word 4 becomes the forwarding word): a fake
      // externref's kind word there and a 0 link 12 bytes on.
      const at = bump - 16;
      if (!untracedTail(x, bump)) return fakeExternAt(bump);
      s.write(at >>> 2, GcKind.ExternRef >>> 0);
      s.write((at >>> 2) + W_EXTERN_NEXT, 0);
      return at;
    }
    // The top of the lower space while the upper one is active: the to-space, but the copies (no
    // more bytes than the active space uses) end below it.
    case 5: return start !== SPACE_BASE && bump - start + EXTERN_SIZE <= S ? fakeExternAt(SPACE_BASE + S - EXTERN_SIZE) : fakeExternAt(bump);
    default: {
      // Two bytes into a live externref older than e (lower: the list runs from high addresses to
      // low), whose own link goes on down to the end; else into e itself.
      let older = 0;
      for (const r of refs) if (r < e && r > older && liveObject(x.store, [r], 0, (k) => k === GcKind.ExternRef) !== 0) older = r;
      return (older || e) + 2;
    }
  }
}

/** Whether the last object before `bump` is at least 48 bytes, not an externref, and its words at bump - 16 and bump - 4 are no traced field. */
function untracedTail(x: OpRunner, bump: number): boolean {
  const heap = x.store.heap;
  const last = lastObject(heap);
  if (last === 0 || bump - last < 48) return false;
  const k = heap.headerKind(last);
  if (k !== GcKind.StructRef && k !== GcKind.ArrayRef) return false;
  const layout = computeLayout(x.store.types, heap.headerType(last), HEADER_SIZE);
  if (layout.kind === 'array') return layout.elemTrace !== 'gc';
  return !layout.gcRefOffsets.includes(bump - 16 - last) && !layout.gcRefOffsets.includes(bump - 4 - last);
}
