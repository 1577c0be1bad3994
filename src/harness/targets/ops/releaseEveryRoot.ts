import type { OpRunner } from './opRunner';
import { exitRunnerScope } from '../../../cases/ops/exitScope';

/**
 * The mutator lets go of everything, as a store being torn down does: every handle scope is left
 * and every remaining handle dropped (`Store.exitScope`, `Store.drop`), every simulated Wasm frame
 * popped, and every global, table element and the pending exception set to null through the
 * barriers the ops use (`writeGcRef`, `TableInstance.fill`). The model does the same, so the
 * collection that follows must reclaim everything the collector promises to (for DRC, all but
 * cyclic garbage). This is the end-of-run check Wasmtime's table_ops oracle makes (every
 * externref dropped once the store is), extended to GC objects: a collector that leaks a freed
 * object's children (Wasmtime #9701) is caught even by a case that never dropped a parent.
 * Runs only while the model is in charge; the caller collects.
 */
export function releaseEveryRoot(x: OpRunner): void {
  const m = x.model;
  if (m === null) return;
  const heap = x.store.heap;
  const hd = x.store.hostData;
  while (x.scopeMarks.length > 0) exitRunnerScope(x);
  while (x.handles.length > 0) {
    const h = x.handles.pop()!;
    x.handleScopes.pop();
    x.runtime(() => x.store.drop(h), 'drop (releasing every root)');
    m.drop(0);
  }
  while (x.frames.length > 0) {
    x.frames.pop();
    m.popFrame();
  }
  x.runtime(() => heap.writeGcRef(hd, x.pending, 0, 0), 'clearing the pending exception (releasing every root)');
  m.pending = null;
  for (let g = 0; g < x.globals.length; g++) {
    x.runtime(() => heap.writeGcRef(hd, x.globals, g, 0), 'global.set null (releasing every root)');
    m.write({ s: 'global', g }, null);
  }
  for (let t = 0; t < x.tables.length; t++) {
    const table = x.tables[t]!;
    x.runtime(() => table.fill(heap, hd, 0, 0, table.size), 'table.fill null (releasing every root)');
    m.tableFill(t, 0, table.size, null);
  }
}
