import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixupOpCase } from '../../../src/gen/ops/fixupOpCase';
import type { OpCase } from '../../../src/gen/ops/opCase';
import { runOpCase } from '../../../src/harness/targets/ops/runOpCase';
import { opsTarget } from '../../../src/harness/targets/opsTarget';
import { OracleFailure } from '../../../oracles/OracleFailure';
import { OK } from '../../../oracles/observation';
import { insertWithGcDrc } from '../../brokenCollectors/insertWithGcDrc';
import { everyCollector } from './incrementalOpCase';

const ref = (heap: number | string) => ({ storage: { kind: 'ref', nullable: true, heap }, mutable: true });

/** A struct in h0, then a host function returning [new host object, h0's struct, i31 7, new host object] into a new frame; then a collection and reads of the frame. */
function handBackCase(floor: number): OpCase {
  return fixupOpCase({
    types: [{ kind: 'struct', fields: [ref(0), ref('any')] }],
    globals: ['any'],
    tables: [],
    config: { heapBytes: 8192, maxHeapBytes: 65536, zeal: { gcEveryNAllocs: 0, poison: true, checks: true }, incrementBudget: 1, stackRootsTriggerFloor: floor },
    ops: [
      { op: 'gc' },
      { op: 'newStruct', type: 0, owned: false },
      { op: 'hostResults', results: [{ v: 'fresh' }, { v: 'slot', slot: { s: 'handle', h: 0 } }, { v: 'i31', n: 7 }, { v: 'fresh' }] },
      { op: 'drop', h: 0 },
      { op: 'gc' },
      { op: 'read', src: { s: 'frame', d: 0, i: 0 }, signed: false, keep: 'no' },
      { op: 'read', src: { s: 'frame', d: 0, i: 1 }, signed: false, keep: 'no' },
      { op: 'hostData', h: 0 },
      { op: 'popFrame' },
      { op: 'gc' },
    ],
  });
}

test('hostResults hands several refs to Wasm in one transition: fixup keeps it, every collector runs it in lockstep with the model', () => {
  for (const floor of [1, 1024]) {
    const c = handBackCase(floor);
    const hr = c.ops.find((o) => o.op === 'hostResults');
    assert.deepEqual(hr, { op: 'hostResults', results: [{ v: 'fresh' }, { v: 'slot', slot: { s: 'handle', h: 0 } }, { v: 'i31', n: 7 }, { v: 'fresh' }] }, 'a valid op is kept as it is');
    for (const collector of everyCollector) {
      const r = runOpCase(c, { collector, mode: 'lockstep' });
      assert.ok(r.trace.length >= 5 && r.trace.slice(0, 5).every((o) => o === OK), `${collector.name}: ${JSON.stringify(r.trace)}`);
    }
    opsTarget.run(c, everyCollector);
  }
});

// The host object handed over first is then freed (the model said dangling here before the
// stack-roots trigger oracle, which now stops the run at the cause; the free itself is shown in
// tests/brokenCollectors/insertWithGcDrc.test.ts).
test('hostResults on a DRC with CVE-2021-39216\'s per-ref insertion: the transition that does not make room first is the stack-roots trigger oracle\'s finding', () => {
  const c = handBackCase(1);
  assert.throws(() => runOpCase(c, { collector: insertWithGcDrc, mode: 'lockstep' }), (e: unknown) => e instanceof OracleFailure && e.oracle === 'stack-roots-trigger' && /expected a collection first/.test(e.message));
});
