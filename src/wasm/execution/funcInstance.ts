import type { FuncType } from '../syntax/types';
import type { ModuleInstance } from './moduleInstance';
import type { HostFunc } from './hostFunc';
import type { CompiledFunc } from './interpreter/compiledFunc';

/**
 * Spec 4.2.6 function instance: a Wasm function closed over its module instance, or a host
 * function. One class for both so the interpreter's call sites stay monomorphic. `id` is the
 * function's FuncRefTable id: the representation of a reference to it on the Wasm stack, in
 * tables and in GC heap fields (0 is null).
 */
export class FuncInstance {
  readonly externKind = 'func' as const;
  /** Set by `FuncRefTable.register`. */
  id = 0;
  /** Interpreter code, compiled on first call (Wasm functions only). */
  compiled: CompiledFunc | null = null;

  constructor(
    /** Canonical id of the function's type (spec 4.2.6 `type`). */
    readonly typeId: number,
    /** The type with canonical heap types. */
    readonly type: FuncType,
    /** `ValKind`s of the parameters and results. */
    readonly paramKinds: Uint8Array,
    readonly resultKinds: Uint8Array,
    /** Wasm functions: the defining module instance and the index among its defined functions. */
    readonly module: ModuleInstance | null,
    readonly defIndex: number,
    /** Host functions: the callback. */
    readonly host: HostFunc | null,
    /** A name for traces and messages. */
    readonly name: string,
  ) {}
}
