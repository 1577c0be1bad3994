import type { GcTypeRegistry, RefStorage } from '../../src/runtime/gcTypes';

export const anyRef: RefStorage = { kind: 'ref', nullable: true, heap: 'any' };
export const externRefT: RefStorage = { kind: 'ref', nullable: true, heap: 'extern' };
export const funcRefT: RefStorage = { kind: 'ref', nullable: true, heap: 'func' };

/** Type indices used across the runtime tests. */
export interface TestTypes {
  /** struct { i32, anyref, anyref, i64 } */
  node: number;
  /** struct { i8, i16, i32, i64, f32, f64, anyref, externref, funcref } */
  all: number;
  /** array (mut anyref) */
  refs: number;
  /** array (mut i8) */
  bytes: number;
  /** array (mut i16) */
  shorts: number;
  /** array (mut i64) */
  longs: number;
  /** array (mut f64) */
  doubles: number;
  /** struct {} */
  empty: number;
}

export function registerTestTypes(types: GcTypeRegistry): TestTypes {
  const m = true;
  return {
    node: types.register({ kind: 'struct', fields: [{ storage: 'i32', mutable: m }, { storage: anyRef, mutable: m }, { storage: anyRef, mutable: m }, { storage: 'i64', mutable: m }] }),
    all: types.register({
      kind: 'struct',
      fields: [
        { storage: 'i8', mutable: m }, { storage: 'i16', mutable: m }, { storage: 'i32', mutable: m }, { storage: 'i64', mutable: m },
        { storage: 'f32', mutable: m }, { storage: 'f64', mutable: m }, { storage: anyRef, mutable: m }, { storage: externRefT, mutable: m },
        { storage: funcRefT, mutable: m },
      ],
    }),
    refs: types.register({ kind: 'array', element: { storage: anyRef, mutable: m } }),
    bytes: types.register({ kind: 'array', element: { storage: 'i8', mutable: m } }),
    shorts: types.register({ kind: 'array', element: { storage: 'i16', mutable: m } }),
    longs: types.register({ kind: 'array', element: { storage: 'i64', mutable: m } }),
    doubles: types.register({ kind: 'array', element: { storage: 'f64', mutable: m } }),
    empty: types.register({ kind: 'struct', fields: [] }),
  };
}
