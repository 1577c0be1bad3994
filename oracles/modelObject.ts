/** The host object a fresh externref wraps; `serial` is its creation order within one run. */
export interface HostObject {
  readonly serial: number;
}

/**
 * A ref as the model holds it: an object, null, or an i31 as its unsigned 31-bit payload (a
 * number is an i31 only in a ref location; the location's storage type says which it is).
 */
export type ModelRef = ModelObject | null | number;

/**
 * A stored value: a ref, or a numeric field in the form the runtime reads it back unsigned
 * (i8/i16 zero-extended, i32 signed, f32 as u32 bits, f64 as a number, i64 as a signed bigint).
 */
export type ModelValue = ModelRef | bigint;

/** One heap object of the model: plain JS data, edges are direct JS references. */
export class ModelObject {
  /** Where the run under test keeps this object now; maintained by the driver, never read by the model. */
  addr = 0;
  /** Walk epoch of the last graph walk that reached it. */
  mark = 0;
  /** Walk epoch of the last driver-side heap comparison that reached it. */
  seen = 0;

  constructor(
    /** Allocation serial within the run (1-based, restarts never), identical across collectors. */
    readonly id: number,
    /** 'exn': an exception object (kind ExnRef), laid out as struct type `type`, the tag. */
    readonly kind: 'extern' | 'struct' | 'array' | 'exn',
    /** Registered type index; -1 for externrefs. */
    readonly type: number,
    readonly fields: ModelValue[],
    /** Which entries of `fields` are GC refs (shared per type, never mutated). */
    readonly refMask: readonly boolean[] | boolean,
    readonly host: HostObject | null,
    /** Estimated bytes, an upper bound over the built-in collectors' layouts (OOM allowances). */
    readonly bytes: number,
  ) {}

  /** Whether field/element `i` is a GC ref. */
  isRef(i: number): boolean {
    return typeof this.refMask === 'boolean' ? this.refMask : this.refMask[i] === true;
  }

  /** Visits each object this one holds in a ref-typed field or element (its edges in the model heap). */
  forEachChild(visit: (c: ModelObject) => void): void {
    const fields = this.fields;
    for (let i = 0; i < fields.length; i++) {
      const v = fields[i];
      if (v instanceof ModelObject && this.isRef(i)) visit(v);
    }
  }
}
