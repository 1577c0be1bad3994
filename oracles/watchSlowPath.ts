import { OutOfMemoryError } from '../src/errors/OutOfMemoryError';
import type { ExternRefHostDataTable } from '../src/runtime/externRefHostDataTable';
import type { GarbageCollection } from '../src/runtime/gcHeap';
import { arrayObjectSize, computeLayout } from '../src/runtime/gcLayout';
import type { GcRef } from '../src/runtime/gcRef';
import type { GcRootsList } from '../src/runtime/gcRootsList';
import type { Store } from '../src/runtime/store';
import { OracleFailure } from './OracleFailure';

/** What the store's allocation policy does next: collect, try the heap's allocation, grow by `bytes`, or give up. */
type Step = { readonly kind: 'collect' } | { readonly kind: 'alloc' } | { readonly kind: 'grow'; readonly bytes: number } | { readonly kind: 'out of memory' };

const COLLECT: Step = { kind: 'collect' };
const ALLOC: Step = { kind: 'alloc' };
const OOM: Step = { kind: 'out of memory' };
/** The largest collector header, and the slack of the store's request estimate over a block (its doc). */
const MAX_HEADER = 24;
const REQUEST_SLACK = MAX_HEADER + 2 * 16;

const show = (s: Step): string => (s.kind === 'grow' ? `grow(${s.bytes})` : s.kind);

/**
 * The store's allocation policy after the heap first refuses an allocation (`accounting`, store
 * calls, the slow path), as its documentation states it, Wasmtime's: with the request estimated
 * as the block with the largest header (24 bytes) plus 32 bytes (an externref: two headers),
 * collect first when outside no-GC scopes the usage after the last completed collection plus the
 * request is under half the capacity, and retry; then, while the heap grows, grow (by the
 * capacity or the request, whichever is larger; else by the request; else, when the request
 * exceeds the free capacity, by what it lacks; else by that lack less 16, 32, 48 and 64 bytes
 * while positive) and retry, collecting and retrying again after each growth outside no-GC scopes;
 * then collect and retry once more outside them; then out of memory. The oracle runs that policy
 * step by step beside the store (a generator fed each heap answer) and judges every heap
 * allocation, growth and collection of the call against it, and an out of memory the policy had
 * not reached. Calls that throw anything else stop being judged. Wraps the store's four
 * allocation methods, `finishGc` and `reset`, and its heap's four allocation methods, `grow` and
 * `gc`, on the instances; a heap's own nested calls (inside an allocation, growth or collection)
 * are not the store's. O(1) per allocation call outside the slow path.
 */
export function watchSlowPath(store: Store, blame: () => number): void {
  const heap = store.heap;
  let usageAfterGc = 0;
  /** Inside a store allocation call; the policy once the heap refused (null: not yet, or no longer judged). */
  let inCall = false;
  let policy: Generator<Step, void, boolean> | null = null;
  let next: Step | null = null;
  /** Inside a heap call or a slow-path collection: nested calls are the heap's. */
  let nested = false;
  let request = 0;
  const fail = (expected: string, actual: string): never => {
    policy = null;
    throw new OracleFailure('accounting', blame(), expected, actual, `store calls, allocation slow path (request ${request} bytes)`);
  };
  function* run(canGc: boolean): Generator<Step, void, boolean> {
    if (canGc && usageAfterGc + request < heap.stats().capacityBytes / 2) {
      yield COLLECT;
      if (yield ALLOC) return;
    }
    for (;;) {
      const s = heap.stats();
      const lack = request - s.capacityBytes + s.usedBytes;
      const asks = [Math.max(s.capacityBytes, request), request];
      if (lack > 0) asks.push(lack);
      for (let less = 16; less < REQUEST_SLACK + 16; less += 16) if (lack - less > 0) asks.push(lack - less);
      let grown = false;
      for (const bytes of asks) if ((grown = yield { kind: 'grow', bytes })) break;
      if (!grown) break;
      if (yield ALLOC) return;
      if (canGc) {
        yield COLLECT;
        if (yield ALLOC) return;
      }
    }
    if (canGc) {
      yield COLLECT;
      if (yield ALLOC) return;
    }
    yield OOM;
  }
  /** A step the store took: judged against the policy's, which then takes the heap's answer. */
  const took = (step: Step, answer: boolean): void => {
    if (next === null || policy === null) return;
    if (step.kind !== next.kind || (step.kind === 'grow' && next.kind === 'grow' && step.bytes !== next.bytes)) fail(show(next), show(step));
    const r = policy.next(answer);
    next = r.done === true ? null : r.value;
  };
  const estimate = (what: 'struct' | 'array' | 'exn' | 'extern', a: number, b: number): number => {
    if (what === 'extern') return 2 * MAX_HEADER;
    const layout = computeLayout(store.types, a, MAX_HEADER);
    return (layout.kind === 'struct' ? layout.size : arrayObjectSize(layout, b)) + 2 * 16;
  };
  /** The heap answered a store allocation call's attempt: the first refusal starts the policy. */
  const attempted = (ok: boolean, what: 'struct' | 'array' | 'exn' | 'extern', a: number, b: number): void => {
    if (!inCall) return;
    if (policy !== null) return took(ALLOC, ok);
    if (ok || next !== null) return;
    try {
      request = estimate(what, a, b);
    } catch {
      return; // too large to estimate: the store throws before its slow path
    }
    policy = run(heap.noGcScopeDepth === 0);
    const r = policy.next();
    next = r.done === true ? null : r.value;
  };
  const begin = (): void => {
    inCall = true;
    nested = false;
    policy = null;
    next = null;
  };
  /** A store allocation call threw: an out of memory before the policy gave up is a failure. */
  const threw = (e: unknown): never => {
    if (e instanceof OutOfMemoryError && policy !== null && next !== null && next.kind !== 'out of memory') fail(show(next), 'out of memory');
    throw e;
  };
  const end = (): void => {
    inCall = false;
    nested = false;
    policy = null;
    next = null;
  };
  const hs = heap.allocStruct;
  const ha = heap.allocArray;
  const he = heap.allocExn;
  const hx = heap.allocExternref;
  const grow = heap.grow;
  const gc = heap.gc;
  heap.allocStruct = (typeIndex: number): GcRef | null => {
    if (nested) return hs.call(heap, typeIndex);
    nested = true;
    let r: GcRef | null;
    try {
      r = hs.call(heap, typeIndex);
    } finally {
      nested = false;
    }
    attempted(r !== null, 'struct', typeIndex, 0);
    return r;
  };
  heap.allocArray = (typeIndex: number, length: number): GcRef | null => {
    if (nested) return ha.call(heap, typeIndex, length);
    nested = true;
    let r: GcRef | null;
    try {
      r = ha.call(heap, typeIndex, length);
    } finally {
      nested = false;
    }
    attempted(r !== null, 'array', typeIndex, length);
    return r;
  };
  heap.allocExn = (layoutType: number): GcRef | null => {
    if (nested) return he.call(heap, layoutType);
    nested = true;
    let r: GcRef | null;
    try {
      r = he.call(heap, layoutType);
    } finally {
      nested = false;
    }
    attempted(r !== null, 'exn', layoutType, 0);
    return r;
  };
  heap.allocExternref = (hostDataId: number): GcRef | null => {
    if (nested) return hx.call(heap, hostDataId);
    nested = true;
    let r: GcRef | null;
    try {
      r = hx.call(heap, hostDataId);
    } finally {
      nested = false;
    }
    attempted(r !== null, 'extern', hostDataId, 0);
    return r;
  };
  heap.grow = (bytes: number): boolean => {
    if (nested || policy === null) return grow.call(heap, bytes);
    nested = true;
    let ok: boolean;
    try {
      ok = grow.call(heap, bytes);
    } finally {
      nested = false;
    }
    took({ kind: 'grow', bytes }, ok);
    return ok;
  };
  heap.gc = (roots: GcRootsList, hostData: ExternRefHostDataTable): GarbageCollection => {
    if (nested || policy === null) return gc.call(heap, roots, hostData);
    took(COLLECT, true);
    nested = true; // until the store's finishGc: the collection's own calls are the heap's
    return gc.call(heap, roots, hostData);
  };
  const finish = store.finishGc;
  store.finishGc = (exact?: boolean): void => {
    finish.call(store, exact);
    usageAfterGc = heap.stats().usedBytes;
    if (policy !== null) nested = false;
  };
  const reset = store.reset;
  store.reset = (): void => {
    reset.call(store);
    usageAfterGc = 0;
  };
  const struct = store.allocStruct;
  const array = store.allocArray;
  const exn = store.allocExn;
  const extern = store.allocExternref;
  store.allocStruct = (typeIndex: number): GcRef => {
    begin();
    try {
      return struct.call(store, typeIndex);
    } catch (e) {
      return threw(e);
    } finally {
      end();
    }
  };
  store.allocArray = (typeIndex: number, length: number): GcRef => {
    begin();
    try {
      return array.call(store, typeIndex, length);
    } catch (e) {
      return threw(e);
    } finally {
      end();
    }
  };
  store.allocExn = (layoutType: number): GcRef => {
    begin();
    try {
      return exn.call(store, layoutType);
    } catch (e) {
      return threw(e);
    } finally {
      end();
    }
  };
  store.allocExternref = (hostValue: unknown): GcRef => {
    begin();
    try {
      return extern.call(store, hostValue);
    } catch (e) {
      return threw(e);
    } finally {
      end();
    }
  };
}
