/**
 * A location the model reads or writes, resolved by the driver: handles count from the newest
 * live handle, frames from the innermost. Same shape as the op generator's slots, declared here so
 * the oracles never import the generators.
 */
export type ModelSlot =
  | { readonly s: 'handle'; readonly h: number }
  | { readonly s: 'field'; readonly h: number; readonly f: number }
  | { readonly s: 'elem'; readonly h: number; readonly i: number }
  | { readonly s: 'global'; readonly g: number }
  | { readonly s: 'table'; readonly t: number; readonly i: number }
  | { readonly s: 'frame'; readonly d: number; readonly i: number };

/**
 * An expected failure of an op, as the model predicts it: the heap's own SandboxError for a null
 * dereference ('null') or an index past the end ('bounds'); InvariantError for a collection in a
 * no-GC scope ('no-gc'); and the Wasm traps of bulk instructions (spec 4.4.6, 4.4.7): "null
 * reference" ('null-reference'), "out of bounds array access" ('array-oob'), "out of bounds table
 * access" ('table-oob').
 */
export type ModelFault = 'null' | 'bounds' | 'no-gc' | 'null-reference' | 'array-oob' | 'table-oob';


/**
 * A model op's answer "the runtime must raise this": returned by the model in place of a value
 * (one shared instance per fault kind, so `instanceof` tells it from any model value).
 */
export class Fault {
  private constructor(readonly kind: ModelFault) {}
  static readonly null = new Fault('null');
  static readonly bounds = new Fault('bounds');
  static readonly noGc = new Fault('no-gc');
  static readonly nullReference = new Fault('null-reference');
  static readonly arrayOob = new Fault('array-oob');
  static readonly tableOob = new Fault('table-oob');
}
