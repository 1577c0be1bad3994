import assert from 'node:assert/strict';
import test from 'node:test';
import { checkProgramHeap } from '../../../oracles/engines/checkProgramHeap';
import { OracleFailure } from '../../../oracles/OracleFailure';
import { builtinCollectors } from '../../../src/runtime/collectors/builtinCollectors';
import { ExternRefHostDataTable } from '../../../src/runtime/externRefHostDataTable';
import { GcTypeRegistry } from '../../../src/runtime/gcTypes';
import { Store } from '../../../src/runtime/store';

/** A table whose count is off by `skew` (a lost or doubled decrement), entries unchanged. */
class MiscountingTable extends ExternRefHostDataTable {
  constructor(private readonly skew: number) {
    super();
  }
  override get size(): number {
    return super.size + this.skew;
  }
}

/** One live externref on a DRC heap; `hostData` (checked in place of the store's table) holds its one entry. */
function programHeap(hostData: ExternRefHostDataTable) {
  const types = new GcTypeRegistry();
  const store = new Store({ collector: builtinCollectors.drc, initialHeapBytes: 4096, maxHeapBytes: 4096, types });
  const host = { name: 'h' };
  const ref = store.allocExternref(host);
  assert.equal(hostData.alloc(host), store.heap.externrefHostData(ref));
  return { heap: store.heap, hostData, types, reclaims: 'acyclic' as const, roots: [{ where: 'global 0', ref }], isHostObject: (v: unknown) => v === host };
}

test('checkProgramHeap: a host-data table whose count disagrees with its entries is an invariant failure', () => {
  assert.doesNotThrow(() => checkProgramHeap(programHeap(new ExternRefHostDataTable())));
  for (const skew of [1, -1]) {
    assert.throws(() => checkProgramHeap(programHeap(new MiscountingTable(skew))), (e: unknown) => e instanceof OracleFailure && e.oracle === 'invariant' && /host-data count of 1/.test(e.message));
  }
});
