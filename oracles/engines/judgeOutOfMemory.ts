import { GcfuzzError } from '../../src/errors/GcfuzzError';
import { OutOfMemoryError } from '../../src/errors/OutOfMemoryError';
import { GcKind } from '../../src/runtime/gcKind';
import type { GcRef } from '../../src/runtime/gcRef';
import type { Store } from '../../src/runtime/store';
import { isOomAllowed } from '../allowedDifferences';
import { OracleFailure } from '../OracleFailure';
import { objectBytesBound } from '../oomEstimate';
import { checkNullOutOfMemory } from '../checkNullOutOfMemory';

/**
 * The out-of-memory oracle of the Wasm-program engines (the ops target's `leak` judgement on
 * OOM, allowedDifferences.ts item 1): every allocation of `store` that ends in OutOfMemoryError is
 * judged where it fails, while the frames that hold the program's objects are still live. The
 * store's policy has just collected (unless inside a no-GC scope, where OOM is always allowed), so
 * the heap holds what the collector keeps; with the oracles' own upper bound per object
 * (`objectBytesBound`, never the runtime's layout or growth arithmetic) for it and for the
 * request, an OOM while that is at most a quarter of `maxHeapBytes` and the heap's capacity at
 * most half of it is a finding ('leak'): a collector or growth policy that refuses an allocation
 * the heap could have grown to hold. OOM is otherwise allowed (`resource-exhaustion`). Wraps the
 * store's four allocation methods on this instance.
 */
export function judgeOutOfMemory(store: Store, maxHeapBytes: number): void {
  const judge = (e: unknown, what: string, request: number): void => {
    if (!(e instanceof OutOfMemoryError)) return;
    const heap = store.heap;
    // A heap already grown past half its maximum may be out of contiguous room (a non-moving
    // collector's fragmentation): allowed. Below that the store could still have doubled it.
    if (2 * heap.stats().capacityBytes > maxHeapBytes) return;
    let kept = request;
    try {
      heap.forEachObject((r) => {
        kept += keptBytes(store, r);
      });
    } catch (walk) {
      // A heap that cannot be walked is the other oracles' finding, not this one's.
      if (walk instanceof GcfuzzError) return;
      throw walk;
    }
    if (isOomAllowed({ reclaims: store.collector.reclaims, keptBytes: kept, maxHeapBytes, inNoGcScope: heap.noGcScopeDepth > 0 })) return;
    throw new OracleFailure('leak', -1, `${what} to succeed (the heap keeps ~${kept - request} bytes and the request is ~${request} of ${maxHeapBytes} max heap bytes)`, e.message, 'out-of-memory judgement');
  };
  const { allocStruct, allocArray, allocExn, allocExternref } = store;
  store.allocStruct = (type: number): GcRef => {
    try {
      return allocStruct.call(store, type);
    } catch (e) {
      judge(e, `struct.new of type ${type}`, objectBytesBound('struct', fieldCount(store, type)));
      throw e;
    }
  };
  store.allocExn = (type: number): GcRef => {
    try {
      return allocExn.call(store, type);
    } catch (e) {
      judge(e, `an exception object of layout ${type}`, objectBytesBound('struct', fieldCount(store, type)));
      throw e;
    }
  };
  store.allocArray = (type: number, length: number): GcRef => {
    try {
      return allocArray.call(store, type, length);
    } catch (e) {
      if (e instanceof OutOfMemoryError) checkNullOutOfMemory(store.heap, store.types, type, length, maxHeapBytes, -1, e.message);
      judge(e, `array.new of type ${type}, length ${length}`, objectBytesBound('array', length));
      throw e;
    }
  };
  store.allocExternref = (hostValue: unknown): GcRef => {
    try {
      return allocExternref.call(store, hostValue);
    } catch (e) {
      judge(e, 'an externref', objectBytesBound('extern', 0));
      throw e;
    }
  };
}

function fieldCount(store: Store, type: number): number {
  const t = store.types.lookup(type);
  return t !== undefined && t.kind === 'struct' ? t.fields.length : 0;
}

/** The oracles' upper bound of the bytes object `r` keeps. */
function keptBytes(store: Store, r: GcRef): number {
  const heap = store.heap;
  const kind = heap.headerKind(r);
  if (kind === GcKind.ExternRef) return objectBytesBound('extern', 0);
  if (kind === GcKind.ArrayRef) return objectBytesBound('array', heap.arrayLen(r));
  return objectBytesBound('struct', fieldCount(store, heap.headerType(r)));
}
