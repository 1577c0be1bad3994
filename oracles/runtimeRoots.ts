import type { GcRef } from '../src/runtime/gcRef';

/**
 * The raw root values of the run under test, parallel to the model's roots: handle values oldest
 * first (as `ReferenceModel.handles`), global cells, table elements, frames outermost first, the pending exception.
 */
export interface RuntimeRoots {
  readonly handles: ArrayLike<GcRef>;
  readonly globals: ArrayLike<GcRef>;
  readonly tables: readonly ArrayLike<GcRef>[];
  readonly frames: readonly ArrayLike<GcRef>[];
  /** The pending (in-flight) exception slot (absent: none, as in a store without exceptions). */
  readonly pending?: ArrayLike<GcRef>;
}
