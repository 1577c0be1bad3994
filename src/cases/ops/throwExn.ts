import type { OpDeclaration } from './opDeclaration';
import { OK } from '../../../oracles/observation';

/**
 * `throw_ref` seen from the store: the exnref in handle h becomes the store's pending (in-flight)
 * exception, written through the write barrier into the slot of kind 'pending-exception' (as
 * `WasmStore.setPendingException` does), and stays a root while it unwinds, until `catchExn`
 * takes it. Writing a null exnref clears the slot (the store's `setPendingException(0)`).
 * Collections between this and the catch must keep the exception and its payload alive
 * (Wasmtime #13316: the DRC collector did not walk this root).
 */
export interface ThrowExnOp {
  readonly op: 'throwExn';
  readonly h: number;
}

export const throwExn: OpDeclaration<ThrowExnOp> = {
  kind: 'throwExn',
  weight: 2,
  fromBytes: (r) => ({ op: 'throwExn', h: r.small() }),
  fixup(raw, shape) {
    const h = shape.pickHandle(raw['h'], (s) => s.ty === 'exn');
    return h === undefined ? undefined : { op: 'throwExn', h };
  },
  run(x, { h }) {
    const hd = x.handleAt(h);
    x.runtime(() => x.store.heap.writeGcRef(x.store.hostData, x.pending, 0, x.store.get(hd)), 'throwExn (setting the pending exception)');
    const m = x.model;
    if (m !== null) m.pending = m.handleValue(h);
    x.obs(OK);
  },
};
