import type { Module } from '../wasm/syntax/module';
import type { FuncType, ValType } from '../wasm/syntax/types';
import { EXTERNREF, ANYREF } from '../wasm/syntax/types';

/**
 * The Wasm-program fuzz case: a module plus the script that drives it. Produced by the generator
 * (src/gen/wasm), consumed by the engines (oracles/engines). Plain data: `wasmCaseToJson` makes it
 * JSON. It lives outside both so that generators and oracles need not import each other.
 */
export interface WasmCase {
  readonly module: Module;
  /** Calls of exported functions, in order. A trap ends that invocation only; state carries over. */
  readonly invocations: readonly Invocation[];
  readonly host: HostBehaviour;
}

export interface Invocation {
  /** Name of an exported function. */
  readonly export: string;
  readonly args: readonly ArgValue[];
}

/**
 * A script argument. Externref arguments are host objects: `fresh` makes a new one (taking the next
 * host id), `reuse` passes the `index % count`-th host object made so far (null when none exists).
 */
export type ArgValue =
  | { readonly t: 'i32'; readonly v: number }
  | { readonly t: 'i64'; readonly v: string }
  | { readonly t: 'f32'; readonly bits: number }
  | { readonly t: 'f64'; readonly v: number }
  | { readonly t: 'externref'; readonly ref: 'null' | 'fresh' | { readonly reuse: number } };

/** How the host functions behave in this case. */
export interface HostBehaviour {
  /** `gc_step`: how many `collectIncrement` slices to run before finishing (or abandoning) the collection. */
  readonly incrementSlices: number;
  /** `gc_step`: abandon the collection after the slices instead of completing it (Wasmtime #13516). */
  readonly abandonIncremental: boolean;
  /**
   * Interpreter engines: objects per `collectIncrement` slice (the store's `incrementBudget`), so
   * `gc_step` on a non-incremental collector really slices and may abandon midway. Absent: default.
   */
  readonly incrementBudget?: number;
  /** Interpreter engines on DRC: the stack-roots list length at which entering Wasm collects. Absent: 1024. */
  readonly stackRootsTriggerFloor?: number;
}

/** The import module name of every host function. */
export const HOST_MODULE = 'host';

/**
 * The host functions a generated module may import, all in module `HOST_MODULE`. Host ids of
 * host objects are 1, 2, 3... in creation order (script arguments and `make_extern` share the
 * counter). Every call is appended to the host-call trace with its arguments.
 */
export const HOST_FUNCS = {
  /** A full collection (V8: `gc()` when exposed). */
  gc: { params: [], results: [] },
  /** An incremental collection: `HostBehaviour.incrementSlices` slices, then complete or abandon. The i32 is only traced. */
  gc_step: { params: ['i32'], results: [] },
  /** A new host object (next host id); the i32 is only traced. */
  make_extern: { params: ['i32'], results: [EXTERNREF] },
  /** The `i32 % count`-th host object made so far (by unsigned remainder), or null when none exists. */
  pick_extern: { params: ['i32'], results: [EXTERNREF] },
  /** Host id of the argument: 0 for null, the id for a host object, -1 for anything else. */
  extern_id: { params: [EXTERNREF], results: ['i32'] },
  /** Returns its argument unchanged. */
  identity: { params: [EXTERNREF], results: [EXTERNREF] },
  /** Records its arguments in the trace; returns nothing. */
  record: { params: ['i32', 'i64', EXTERNREF, ANYREF], results: [] },
  /**
   * Exception handling: when the i32 is odd, throws an exception of the host tag (`HOST_TAG`) with
   * its arguments as the payload (a host function throwing into Wasm); returns otherwise.
   */
  throw_exn: { params: ['i32', EXTERNREF], results: [] },
  /**
   * Three refs handed to Wasm in one return (the shape of CVE-2021-39216, where the collection
   * that inserting the second ref started freed the first): a new host object, the anyref
   * argument unchanged, and another new host object (host ids in that order).
   */
  hand_back: { params: [ANYREF], results: [EXTERNREF, ANYREF, EXTERNREF] },
} as const satisfies Record<string, { readonly params: readonly ValType[]; readonly results: readonly ValType[] }>;

export type HostFuncName = keyof typeof HOST_FUNCS;

/** The tag the host defines and `throw_exn` throws; a module that imports `throw_exn` imports it as `host` `exn`. */
export const HOST_TAG = { name: 'exn', params: ['i32', EXTERNREF] as readonly ValType[] } as const;
export const HOST_FUNC_NAMES = Object.keys(HOST_FUNCS) as HostFuncName[];

/** The FuncType of a host function. */
export function hostFuncType(name: HostFuncName): FuncType {
  const f = HOST_FUNCS[name];
  return { kind: 'func', params: f.params, results: f.results };
}

/** Name prefixes of the exports a generated module has. */
export const EXPORT_PREFIX = { func: 'run', global: 'g', table: 't', tag: 'tag' } as const;
