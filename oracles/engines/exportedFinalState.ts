import type { WasmCase } from '../../src/cases/wasmCase';
import type { Store } from '../../src/runtime/store';
import type { ModuleInstance } from '../../src/wasm/execution/moduleInstance';
import { ValKind } from '../../src/wasm/execution/valKind';
import type { HostWorld } from './hostWorld';
import { summarizeF32Bits, summarizeF64, summarizeI32, summarizeI64 } from './numSummary';
import type { FinalState, ValueSummary } from './outcome';
import { summarizeGcRef } from './summarizeGcRef';

/**
 * What a run leaves in its exported globals and tables, summarised as the differential compares
 * it across engines (a GC ref by its summary, a funcref as null or not).
 */
export function exportedFinalState(c: WasmCase, instance: ModuleInstance, world: HostWorld, store: Store): FinalState {
  const globals: { name: string; value: ValueSummary }[] = [];
  const tables: { name: string; elems: ValueSummary[] }[] = [];
  const ref = (v: number, isGc: boolean): ValueSummary => (isGc ? summarizeGcRef(store.heap, store.hostData, world, v) : v === 0 ? { t: 'null' } : { t: 'func' });
  for (const e of c.module.exports) {
    if (e.kind === 'global') {
      const g = instance.globals[e.index]!;
      let value: ValueSummary;
      switch (g.kind) {
        case ValKind.I32: value = summarizeI32(g.cell[0]!); break;
        case ValKind.I64: value = summarizeI64(g.i64); break;
        case ValKind.F32: value = summarizeF32Bits(g.cell[0]!); break;
        case ValKind.F64: value = summarizeF64(g.cell[0]!); break;
        default: value = ref(g.cell[0]!, g.holdsGcRef);
      }
      globals.push({ name: e.name, value });
    } else if (e.kind === 'table') {
      const t = instance.tables[e.index]!;
      const elems: ValueSummary[] = [];
      for (let i = 0; i < t.size; i++) elems.push(ref(t.elems[i]!, t.holdsGcRef));
      tables.push({ name: e.name, elems });
    }
  }
  return { globals, tables };
}
