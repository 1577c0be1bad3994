import { ValKind } from '../../src/wasm/execution/valKind';
import type { ModuleInstance } from '../../src/wasm/execution/moduleInstance';
import type { WasmStore } from '../../src/wasm/execution/wasmStore';
import { classifyStepError } from './classifyStepError';
import type { HostWorld } from './hostWorld';
import { summarizeF32Bits, summarizeF64, summarizeI32, summarizeI64 } from './numSummary';
import type { StepFailure, ValueSummary } from './outcome';
import { summarizeGcRef } from './summarizeGcRef';

/**
 * The exception that left an invocation, taken off the store (so it is no longer a root) after a
 * collection: its tag by export name and its payload, summarised as V8 reports a
 * WebAssembly.Exception's. An error while doing so (a collector that lost it) is classified.
 */
export function uncaughtException(ws: WasmStore, instance: ModuleInstance, world: HostWorld): StepFailure {
  try {
    return summarizeUncaught(ws, instance, world);
  } catch (e) {
    return classifyStepError(e);
  }
}

function summarizeUncaught(ws: WasmStore, instance: ModuleInstance, world: HostWorld): StepFailure {
  // The host collects while it holds the exception, before it looks at it: the pending exception
  // must be a root (Wasmtime #13316: DRC did not walk the store's exnref roots).
  try {
    ws.store.gc();
  } catch (e) {
    // A collector that failed here must not leave the exception rooted for the oracles after the run.
    ws.takePendingException();
    throw e;
  }
  const exn = ws.takePendingException();
  if (exn === null) return { kind: 'crash', error: 'internal', message: 'an uncaught Wasm exception with no pending exception object' };
  const { tag, payload } = ws.inspectException(exn);
  let name = '?';
  for (const [n, e] of instance.exports) if (e === tag) name = n;
  if (name === '?') return { kind: 'exception', tag: name, payload: [], message: 'uncaught exception of a tag that is not exported' };
  const values = payload.map((v, i): ValueSummary => {
    const p = tag.type.params[i]!;
    switch (tag.paramKinds[i]) {
      case ValKind.I32: return summarizeI32(v as number);
      case ValKind.I64: return summarizeI64(v as bigint);
      case ValKind.F32: return summarizeF32Bits(v as number);
      case ValKind.F64: return summarizeF64(v as number);
      case ValKind.FuncRef: return v === 0 ? { t: 'null' } : { t: 'func' };
      default: return typeof p !== 'string' && p.heap === 'exn' ? { t: 'object' } : summarizeGcRef(ws.heap, ws.store.hostData, world, v as number);
    }
  });
  return { kind: 'exception', tag: name, payload: values, message: `uncaught exception of tag ${name}` };
}
