import type { Handle } from '../../runtime/store';
import type { FuncType } from '../syntax/types';
import { typeCanonFor } from '../validation/typeCanon';
import { FuncInstance } from './funcInstance';
import { canonicalIsFunc, valKinds } from './valKind';
import type { WasmStore } from './wasmStore';

/**
 * A value crossing the host boundary (spec 4.2.1 values as the embedder sees them), read by the
 * declared type of its position:
 * - i32: number (signed), i64: bigint (signed), f32: number (the raw u32 bit pattern), f64: number;
 * - function references: a FuncInstance, or null;
 * - GC references (any/extern hierarchies, i31 included): a `Handle` of the runtime Store, or null.
 *   Handles given to a host function are scoped to that call; handles returned by `invoke` are
 *   scoped to the caller's innermost `Store.enterScope`.
 */
export type HostValue = number | bigint | FuncInstance | Handle | null;

/**
 * A HostValue array of generic (tagged) elements, filled with null. V8 quietens signalling NaNs
 * stored into double-element arrays, so f64 values must never pass through one (spec f64 NaN
 * payloads): build argument and result arrays with this.
 */
export function hostValueArray(n: number): HostValue[] {
  return new Array<HostValue>(n).fill(null);
}

/** What a host function is told about its call. */
export interface HostCallContext {
  readonly wasmStore: WasmStore;
  /** The host function being called. */
  readonly func: FuncInstance;
}

/**
 * A host function's implementation. It may call back into Wasm (`invoke`), allocate, or collect
 * (`store.gc()`, `store.startGc()` slices): every ref the interpreter holds is rooted meanwhile.
 * It returns one value per declared result (an array, or nothing for no results); a GC ref result
 * is a Handle it owns or rooted in its call's scope (the scope is exited after the results are
 * taken), or null. Throwing a Trap traps the calling Wasm code; any other exception propagates
 * through `invoke` unchanged.
 */
export type HostFunc = (args: HostValue[], ctx: HostCallContext) => readonly HostValue[] | void;

export interface HostFuncOptions {
  /** Name for traces and error messages. */
  readonly name?: string;
  /**
   * Canonical id of the function type, when `type` uses concrete heap types (which must then be
   * canonical ids of the store's registry). Without it, `type` may use only number and abstract
   * reference types and is canonicalised as a final type in a rec group of its own (the type
   * `(func ...)` written in a module), so it matches such imports.
   */
  readonly typeId?: number;
}

/** Spec 4.5.3.2 "allochostfunc": a host function instance of `type` in `ws`, with its FuncRefTable id. */
export function hostFunc(ws: WasmStore, type: FuncType, fn: HostFunc, options: HostFuncOptions = {}): FuncInstance {
  const typeId = options.typeId ?? typeCanonFor(ws.types).canonicaliseRecGroup({ subtypes: [{ final: true, supertypes: [], composite: type }] }, 0, []);
  const isFunc = canonicalIsFunc(ws.types);
  const f = new FuncInstance(typeId, type, valKinds(type.params, isFunc), valKinds(type.results, isFunc), null, -1, fn, options.name ?? 'host');
  ws.funcRefs.register(f);
  return f;
}
