import type { Handle, Store } from '../../../runtime/store';
import type { GcRef } from '../../../runtime/gcRef';
import type { TableInstance } from '../../../wasm/execution/tableInstance';
import type { RuntimeRoots } from '../../../../oracles/runtimeRoots';

/**
 * The op runner's raw roots, parallel to the model's (`RuntimeRoots`), as one view refilled per
 * use: the walk against the model reads it after every collection and keeps nothing of it. Handle
 * values are read anew; each table's elements [0, size) are re-cut only when the table's storage
 * or size changed; globals, frames and the pending-exception slot are the runner's own arrays.
 */
export class RuntimeRootsView implements RuntimeRoots {
  readonly handles: GcRef[] = [];
  readonly tables: Uint32Array[] = [];

  constructor(
    readonly globals: readonly GcRef[],
    readonly frames: readonly GcRef[][],
    readonly pending: readonly GcRef[],
  ) {}

  refill(store: Store, handles: readonly Handle[], tables: readonly TableInstance[]): this {
    // Overwritten in place: truncating to 0 would drop the backing store and regrow it per call.
    const out = this.handles;
    for (let i = 0; i < handles.length; i++) out[i] = store.get(handles[i]!);
    out.length = handles.length;
    for (let t = 0; t < tables.length; t++) {
      const table = tables[t]!;
      const cut = this.tables[t];
      if (cut === undefined || cut.length !== table.size || cut.buffer !== table.elems.buffer) this.tables[t] = table.elems.subarray(0, table.size);
    }
    return this;
  }
}
