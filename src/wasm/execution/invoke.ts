import type { FuncInstance } from './funcInstance';
import type { HostValue } from './hostFunc';
import type { ModuleInstance } from './moduleInstance';
import type { WasmStore } from './wasmStore';

export interface InvokeOptions {
  /** Fuel for a top-level invocation (instructions); default the store's. Ignored when nested in a host call. */
  readonly fuel?: number;
}

/**
 * Spec 4.5.5 invocation of `f` from the host. Arguments and results are HostValues (see
 * hostFunc.ts): GC-ref arguments are Handles the caller rooted before the call; GC-ref results
 * are new scoped Handles in the caller's innermost `Store.enterScope` scope. Traps throw `Trap`;
 * exhausting fuel throws Trap('out of fuel'); too deep a call stack Trap('call stack exhausted').
 */
export function invoke(ws: WasmStore, f: FuncInstance, args: readonly HostValue[], options: InvokeOptions = {}): HostValue[] {
  return ws.thread.invoke(f, args, options.fuel);
}

/** `invoke` of the function `inst` exports as `name`. */
export function invokeExport(ws: WasmStore, inst: ModuleInstance, name: string, args: readonly HostValue[], options: InvokeOptions = {}): HostValue[] {
  return invoke(ws, inst.getFunc(name), args, options);
}
