import type { GlobalType } from '../syntax/types';
import { ValKind } from './valKind';
import { tagSlots } from '../../runtime/gcRootsList';

/**
 * Spec 4.2.9 global instance. The value lives in `cell[0]` (every kind but i64, in the
 * interpreter's number representation) or in `i64`. For a GC-ref global, `cell` is the
 * `GcRefSlots` the write barrier (`GcHeap.writeGcRef`) updates and the store reports as a root;
 * it holds one count of its referent.
 */
export class GlobalInstance {
  readonly externKind = 'global' as const;
  readonly cell = tagSlots(new Float64Array(1), 'global');
  i64 = 0n;
  /** `cell[0]` as a u64 bit pattern, for an f64 global written or read without a JS number. */
  private readonly bits = new BigUint64Array(this.cell.buffer);

  constructor(
    /** Canonical type: concrete heap types are canonical ids. */
    readonly type: GlobalType,
    readonly kind: ValKind,
  ) {}

  get f64Bits(): bigint {
    return this.bits[0]!;
  }

  set f64Bits(b: bigint) {
    this.bits[0] = b;
  }

  /** Whether the cell holds a GcRef (traced, counted). */
  get holdsGcRef(): boolean {
    return this.kind === ValKind.GcRef;
  }
}
