import type { FieldValue, GarbageCollection, GcHeap } from '../src/runtime/gcHeap';
import type { ExternRefHostDataTable } from '../src/runtime/externRefHostDataTable';
import type { GcRef } from '../src/runtime/gcRef';
import type { GcRefSlots, GcRootsList } from '../src/runtime/gcRootsList';
import type { HeapCallLedger } from './heapCallLedger';

/** The heap methods the ledger counts (`HeapCallLedger` says what each counts). */
const LEDGERED = [
  'allocExternref', 'allocStruct', 'allocExn', 'allocArray', 'cloneGcRef', 'writeGcRef', 'dropGcRef', 'exposeGcRefToWasm',
  'structSet', 'exnSet', 'arraySet', 'gc', 'grow', 'reset',
] as const;
type LedgeredName = (typeof LEDGERED)[number];
type Methods = Pick<GcHeap, LedgeredName>;

const LEDGER: unique symbol = Symbol('gcfuzz.heapCallLedger');
type Ledgered = GcHeap & { [LEDGER]: HeapCallLedger };

/** The counting methods for each heap prototype, made on first use. */
const counting = new WeakMap<object, Methods>();

/**
 * Routes every call of `heap`'s counted methods through `ledger`, from now on and from every
 * caller (store, runner, interpreter, and the heap's own `this.m()` calls): each becomes an own
 * property of the heap holding a counting method shared by every heap of the same prototype,
 * which calls the prototype's own method (looked up at each call, so a prototype patched later is
 * seen). Shared functions keep the call sites that reach them monomorphic in their target, where
 * wrappers made per heap (new closures per case) left them megamorphic and allocated a closure
 * per call. A method the heap answers with something else (a test's spy, a proxy) is counted around
 * that. (Replacing the heap's prototype instead made V8 slow every heap down.)
 */
export function ledgerHeapCalls(heap: GcHeap, ledger: HeapCallLedger): void {
  const proto = Object.getPrototypeOf(heap) as object;
  let shared = counting.get(proto);
  if (shared === undefined) {
    shared = countingMethods(proto as Methods);
    counting.set(proto, shared);
  }
  // A method the heap answers with something other than its prototype's (an own property, a
  // proxy's): counted around what the heap answers, bound to it, as any caller would reach it.
  const own: Partial<Record<LedgeredName, unknown>> = {};
  let spied = false;
  const methods = heap as unknown as Record<string, unknown>;
  const protoMethods = proto as Record<string, unknown>;
  for (const name of LEDGERED) {
    const m = methods[name];
    if (m !== protoMethods[name] && typeof m === 'function') {
      own[name] = (m as (...args: unknown[]) => unknown).bind(heap);
      spied = true;
    }
  }
  const around = spied ? countingMethods(own as Methods) : null;
  const target = heap as unknown as Record<string | symbol, unknown>;
  target[LEDGER] = ledger;
  for (const name of LEDGERED) target[name] = own[name] !== undefined ? around![name] : shared[name];
}

/** The counting versions of `base`'s methods (called with the heap as `this`). */
function countingMethods(base: Methods): Methods {
  return {
    allocExternref(this: Ledgered, hostDataId: number): GcRef | null {
      const l = this[LEDGER];
      l.quiet = false;
      return l.allocated(base.allocExternref.call(this, hostDataId), 'extern', 0, 0);
    },
    allocStruct(this: Ledgered, typeIndex: number): GcRef | null {
      const l = this[LEDGER];
      l.quiet = false;
      return l.allocated(base.allocStruct.call(this, typeIndex), 'struct', typeIndex, 0);
    },
    allocExn(this: Ledgered, layoutType: number): GcRef | null {
      const l = this[LEDGER];
      l.quiet = false;
      return l.allocated(base.allocExn.call(this, layoutType), 'struct', layoutType, 0);
    },
    allocArray(this: Ledgered, typeIndex: number, length: number): GcRef | null {
      const l = this[LEDGER];
      l.quiet = false;
      return l.allocated(base.allocArray.call(this, typeIndex, length), 'array', typeIndex, length);
    },
    cloneGcRef(this: Ledgered, ref: GcRef): GcRef {
      const l = this[LEDGER];
      l.quiet = false;
      let out: GcRef;
      try {
        out = base.cloneGcRef.call(this, ref);
      } catch (e) {
        throw l.threwOn('cloneGcRef', e);
      }
      l.calls.cloneGcRef++;
      return out;
    },
    writeGcRef(this: Ledgered, hostData: ExternRefHostDataTable, slots: GcRefSlots, index: number, source: GcRef): void {
      const l = this[LEDGER];
      l.quiet = false;
      try {
        base.writeGcRef.call(this, hostData, slots, index, source);
      } catch (e) {
        throw l.threwOn('writeGcRef', e);
      }
      l.calls.writeGcRef++;
    },
    dropGcRef(this: Ledgered, hostData: ExternRefHostDataTable, ref: GcRef): void {
      const l = this[LEDGER];
      l.quiet = false;
      try {
        base.dropGcRef.call(this, hostData, ref);
      } catch (e) {
        throw l.threwOn('dropGcRef', e);
      }
      l.calls.dropGcRef++;
    },
    exposeGcRefToWasm(this: Ledgered, ref: GcRef): void {
      const l = this[LEDGER];
      l.quiet = false;
      try {
        base.exposeGcRefToWasm.call(this, ref);
      } catch (e) {
        throw l.threwOn('exposeGcRefToWasm', e);
      }
      l.calls.exposeGcRefToWasm++;
    },
    // A store into a traced GC-ref field or element runs the write barrier: counted as writeGcRef.
    structSet(this: Ledgered, hostData: ExternRefHostDataTable, ref: GcRef, field: number, value: FieldValue): void {
      const l = this[LEDGER];
      l.quiet = false;
      try {
        base.structSet.call(this, hostData, ref, field, value);
      } catch (e) {
        throw l.threwOn('writeGcRef', e);
      }
      if (l.isRefField(ref, field)) l.calls.writeGcRef++;
    },
    exnSet(this: Ledgered, hostData: ExternRefHostDataTable, ref: GcRef, field: number, value: FieldValue): void {
      const l = this[LEDGER];
      l.quiet = false;
      try {
        base.exnSet.call(this, hostData, ref, field, value);
      } catch (e) {
        throw l.threwOn('writeGcRef', e);
      }
      if (l.isRefField(ref, field)) l.calls.writeGcRef++;
    },
    arraySet(this: Ledgered, hostData: ExternRefHostDataTable, ref: GcRef, index: number, value: FieldValue): void {
      const l = this[LEDGER];
      l.quiet = false;
      try {
        base.arraySet.call(this, hostData, ref, index, value);
      } catch (e) {
        throw l.threwOn('writeGcRef', e);
      }
      if (l.isRefField(ref, -1)) l.calls.writeGcRef++;
    },
    gc(this: Ledgered, roots: GcRootsList, hostData: ExternRefHostDataTable): GarbageCollection {
      const l = this[LEDGER];
      l.quiet = false;
      l.onCollectionStart?.(roots);
      return l.countCompletion(base.gc.call(this, roots, hostData), roots.length);
    },
    grow(this: Ledgered, bytes: number): boolean {
      const l = this[LEDGER];
      l.quiet = false;
      return l.checkedGrow((b) => base.grow.call(this, b), bytes);
    },
    reset(this: Ledgered): void {
      const l = this[LEDGER];
      l.quiet = false;
      base.reset.call(this);
      l.rebase();
    },
  };
}
