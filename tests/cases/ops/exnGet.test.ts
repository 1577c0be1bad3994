import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runOpCase } from '../../../src/harness/targets/ops/runOpCase';
import { opsTarget } from '../../../src/harness/targets/opsTarget';
import { fixupOpCase } from '../../../src/gen/ops/fixupOpCase';
import { GcHeapBase } from '../../../src/runtime/gcHeapBase';
import { builtinCollectors } from '../../../src/runtime/collectors/builtinCollectors';
import { OracleFailure } from '../../../oracles/OracleFailure';
import { NULL, OK, obsError, obsObject, obsTest } from '../../../oracles/observation';
import { exnCase } from './exnOpCase';
import { everyCollector } from './incrementalOpCase';

const h = (n: number) => ({ v: 'slot', slot: { s: 'handle', h: n } });

test('exnGet matches by tag, reads payload fields (refs by identity, kept in a handle), and faults on a null exnref, on every collector', () => {
  const c = exnCase([
    { op: 'newStruct', type: 0, owned: true }, // node #1
    { op: 'newExn', tag: 0, vals: [h(0), { v: 'i31', n: 9 }], owned: true }, // exn #2
    { op: 'drop', h: 1 },
    { op: 'gc' },
    { op: 'exnGet', h: 0, tag: 1, f: 0, keep: 'owned' }, // wrong tag: no match, a null handle
    { op: 'exnGet', h: 1, tag: 0, f: 0, keep: 'owned' }, // the node, kept
    { op: 'exnGet', h: 2, tag: 0, f: 1, keep: 'no' }, // i31 9
    { op: 'catchExn', keep: 'owned' }, // nothing pending: a null exnref
    { op: 'exnGet', h: 0, tag: 0, f: 0, keep: 'no' }, // null exnref
    { op: 'read', src: { s: 'handle', h: 1 }, signed: false, keep: 'no' },
  ]);
  assert.equal(c.ops.length, 10, 'the hand-written case is valid as it stands');
  const want = [OK, OK, OK, OK, obsTest(false), obsObject(1), { k: 'i31', n: 9 }, NULL, obsError('sandbox:null'), obsObject(1)];
  for (const collector of everyCollector) assert.deepEqual(runOpCase(c, { collector, mode: 'lockstep' }).trace, want, collector.name);
  opsTarget.run(c, everyCollector);
});

test('exnGet: fixup picks an exnref handle and a tag with a payload, keeps only ref fields, and is idempotent', () => {
  const c = exnCase([
    { op: 'exnGet', h: 0, tag: 0, f: 0, keep: 'owned' }, // no exnref handle yet: dropped
    { op: 'newStruct', type: 0, owned: true },
    { op: 'newExn', tag: 1, vals: [], owned: true },
    { op: 'exnGet', h: 1, tag: 2, f: 5, keep: 'owned' }, // the exn handle; array type 2 is no tag: tag 0; field 5 % 2
    { op: 'exnGet', h: 1, tag: 1, f: 2, keep: 'owned' }, // i32 field: nothing to keep
  ]);
  assert.deepEqual(c.ops.slice(1), [
    { op: 'newExn', tag: 1, vals: [{ v: 'null' }, { v: 'null' }, 0], owned: true },
    { op: 'exnGet', h: 0, tag: 0, f: 1, keep: 'owned' },
    { op: 'exnGet', h: 1, tag: 1, f: 2, keep: 'no' },
  ]);
  assert.deepEqual(fixupOpCase(JSON.parse(JSON.stringify(c))), c);
});

test('exnGet catches a collector that reads back a wrong tag (the dangling oracle, at that op)', () => {
  const c = exnCase([{ op: 'newExn', tag: 0, vals: [], owned: true }, { op: 'exnGet', h: 0, tag: 0, f: 0, keep: 'no' }]);
  const headerType = Object.getOwnPropertyDescriptor(GcHeapBase.prototype, 'headerType')!;
  Object.defineProperty(GcHeapBase.prototype, 'headerType', { ...headerType, value: (): number => 1 });
  try {
    assert.throws(() => runOpCase(c, { collector: builtinCollectors.drc, mode: 'lockstep' }), (e: unknown) => e instanceof OracleFailure && e.oracle === 'dangling' && e.opIndex === 1);
  } finally {
    Object.defineProperty(GcHeapBase.prototype, 'headerType', headerType);
  }
  assert.deepEqual(runOpCase(c, { collector: builtinCollectors.drc, mode: 'lockstep' }).trace, [OK, NULL]);
});
