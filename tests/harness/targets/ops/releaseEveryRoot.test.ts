import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OracleFailure } from '../../../../oracles/OracleFailure';
import { fixupOpCase } from '../../../../src/gen/ops/fixupOpCase';
import type { Op, OpCase } from '../../../../src/gen/ops/opCase';
import { runOpCase } from '../../../../src/harness/targets/ops/runOpCase';
import { builtinCollectors } from '../../../../src/runtime/collectors/builtinCollectors';
import type { GcRuntime } from '../../../../src/runtime/gcHeap';
import { leakyDrc } from '../../../brokenCollectors/leakyDrc';

/**
 * After the closing collection the runner lets go of every root (releaseEveryRoot.ts) and collects
 * again: what is left must be exactly what the collector's promise keeps. leakyDrc (children of a
 * freed object never decremented, Wasmtime #9701) is caught by a case that never drops a parent,
 * and by one that ends in an allowed out-of-memory.
 */

const node = { kind: 'struct', fields: [{ storage: { kind: 'ref', nullable: true, heap: 0 }, mutable: true }] };
const bytes = { kind: 'array', element: { storage: { kind: 'i8' }, mutable: true } };
const shape = {
  types: [node, bytes],
  globals: ['any'],
  tables: [{ elem: 'any', size: 2 }],
  config: { heapBytes: 4096, maxHeapBytes: 4096, zeal: { gcEveryNAllocs: 0, poison: true, checks: true }, incrementBudget: 16384 },
};
const h = (n: number) => ({ v: 'slot', slot: { s: 'handle', h: n } }) as const;

function caseOf(ops: readonly Op[]): OpCase {
  const c = fixupOpCase({ ...shape, ops });
  assert.deepEqual(c.ops, ops, 'the hand-written case is already valid');
  return c;
}

/** A parent rooted in a handle, a global, a table and a frame, each holding a child only it holds. */
const rootedParents: Op[] = [
  { op: 'newStruct', type: 0, owned: true },
  { op: 'newStruct', type: 0, owned: true },
  { op: 'writeRef', dst: { s: 'field', h: 0, f: 0 }, val: h(1) },
  { op: 'drop', h: 1 },
  { op: 'newStruct', type: 0, owned: true },
  { op: 'newStruct', type: 0, owned: true },
  { op: 'writeRef', dst: { s: 'field', h: 1, f: 0 }, val: h(0) },
  { op: 'drop', h: 0 },
  { op: 'writeRef', dst: { s: 'global', g: 0 }, val: h(0) },
  { op: 'writeRef', dst: { s: 'table', t: 0, i: 1 }, val: h(0) },
  { op: 'pushFrame', args: [h(1)], locals: 0 },
  { op: 'gc' },
];

function failureOf(c: OpCase, collector: GcRuntime): OracleFailure | null {
  try {
    runOpCase(c, { collector, mode: 'lockstep' });
    return null;
  } catch (e) {
    if (e instanceof OracleFailure) return e;
    throw e;
  }
}

test('every built-in collector passes the release of every root; the counts are the case\'s own', () => {
  const c = caseOf(rootedParents);
  for (const collector of Object.values(builtinCollectors)) {
    const r = runOpCase(c, { collector, mode: 'lockstep' });
    assert.equal(r.stopReason, 'end');
    const bare = runOpCase(c, { collector, mode: 'bare' });
    assert.equal(r.collections, bare.collections, `${collector.name}: the case's collections and the closing one, not the release's`);
    assert.deepEqual(r.gcTriggers, bare.gcTriggers, collector.name);
    assert.equal(r.objectsFreed, 0, `${collector.name}: every object is still rooted when the case ends`);
  }
});

test('leakyDrc passes the ops themselves but not the release of every root', () => {
  const f = failureOf(caseOf(rootedParents), leakyDrc);
  assert.ok(f !== null, 'caught');
  assert.equal(f.oracle, 'leak');
  assert.match(f.message, /releasing every root, after the closing one/);
  const full = failureOf(caseOf(rootedParents.slice(0, 4)), leakyDrc);
  assert.ok(full !== null && full.oracle === 'leak', 'a parent in a handle alone is enough');
});

test('a case that ends in an allowed out-of-memory is released and collected too', () => {
  const fill: Op[] = Array.from({ length: 40 }, () => ({ op: 'newStruct', type: 0, owned: true }));
  const c = fixupOpCase({ ...shape, config: { ...shape.config, heapBytes: 512, maxHeapBytes: 512 }, ops: [...rootedParents.slice(0, 4), ...fill] });
  assert.equal(c.ops.length, 44);
  for (const collector of Object.values(builtinCollectors)) {
    const r = runOpCase(c, { collector, mode: 'lockstep' });
    assert.equal(r.stopReason, 'oom', collector.name);
    assert.ok(r.opsRun > 4 && r.opsRun < 44, `${collector.name}: ${r.opsRun}`);
  }
  const f = failureOf(c, leakyDrc);
  assert.ok(f !== null && f.oracle === 'leak', 'caught');
  assert.match(f.message, /releasing every root, after the allowed out-of-memory/);
});
