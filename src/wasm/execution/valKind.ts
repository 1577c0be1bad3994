import type { AbsHeapType, HeapType, ValType } from '../syntax/types';
import type { GcTypeRegistry } from '../../runtime/gcTypes';

/**
 * How the interpreter stores a value of a given type (spec 4.2.1 "Values"): in which stack lane
 * and whether it is a GC root. i32 (signed), f32 (raw u32 bits), f64, function references (a
 * FuncRefTable id, 0 = null) and GC references (a GcRef, 0 = null) live in the number lane;
 * i64 (a signed bigint) in the bigint lane.
 */
export const ValKind = { I32: 0, I64: 1, F32: 2, F64: 3, FuncRef: 4, GcRef: 5 } as const;
export type ValKind = (typeof ValKind)[keyof typeof ValKind];

const FUNC_HIERARCHY: ReadonlySet<AbsHeapType> = new Set<AbsHeapType>(['func', 'nofunc']);

/**
 * The kind of a value type. `concreteIsFunc(h)` says whether the concrete heap type `h` (a module
 * type index or a canonical id, whichever the caller's types use) is a function type.
 */
export function valKindOf(t: ValType, concreteIsFunc: (h: number) => boolean): ValKind {
  if (typeof t === 'string') {
    switch (t) {
      case 'i32': return ValKind.I32;
      case 'i64': return ValKind.I64;
      case 'f32': return ValKind.F32;
      case 'f64': return ValKind.F64;
    }
  }
  return isFuncHeap(t.heap, concreteIsFunc) ? ValKind.FuncRef : ValKind.GcRef;
}

/** Whether a heap type belongs to the func hierarchy (spec 3.3.x heap-type hierarchies). */
export function isFuncHeap(h: HeapType, concreteIsFunc: (h: number) => boolean): boolean {
  return typeof h === 'number' ? concreteIsFunc(h) : FUNC_HIERARCHY.has(h);
}

/** `concreteIsFunc` for canonical ids of `types`. */
export function canonicalIsFunc(types: GcTypeRegistry): (h: number) => boolean {
  return (h) => types.get(h).kind === 'func';
}

/** The kinds of a list of types, as a compact array. */
export function valKinds(ts: readonly ValType[], concreteIsFunc: (h: number) => boolean): Uint8Array {
  const out = new Uint8Array(ts.length);
  for (let i = 0; i < ts.length; i++) out[i] = valKindOf(ts[i]!, concreteIsFunc);
  return out;
}
