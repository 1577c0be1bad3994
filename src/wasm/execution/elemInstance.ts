import type { RefType } from '../syntax/types';
import type { GcHeap } from '../../runtime/gcHeap';
import type { ExternRefHostDataTable } from '../../runtime/externRefHostDataTable';
import { tagSlots } from '../../runtime/gcRootsList';

/**
 * Spec 4.2.10 element instance. `refs[0..length)` are function ids or GcRefs. For GC segments
 * each slot holds one count, written through `GcHeap.writeGcRef`, and the store reports the
 * slots as roots until `elem.drop` releases them (Wasmtime #13066 held them without counts).
 */
export class ElemInstance {
  refs: Uint32Array;
  length: number;

  constructor(
    /** Canonical element type. */
    readonly type: RefType,
    readonly holdsGcRef: boolean,
    length: number,
  ) {
    this.refs = tagSlots(new Uint32Array(length), 'elem-segment');
    this.length = length;
  }

  /** Initialise slot `i` with a borrowed value (the barrier takes the slot's own count). */
  init(heap: GcHeap, hostData: ExternRefHostDataTable, i: number, value: number): void {
    if (this.holdsGcRef) heap.writeGcRef(hostData, this.refs, i, value);
    else this.refs[i] = value;
  }

  /** Spec 4.4.6 elem.drop: release every slot's count and become empty. */
  drop(heap: GcHeap, hostData: ExternRefHostDataTable): void {
    if (this.holdsGcRef) for (let i = 0; i < this.length; i++) heap.writeGcRef(hostData, this.refs, i, 0);
    this.length = 0;
    this.refs = new Uint32Array(0);
  }
}
