import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runOpCase } from '../../../src/harness/targets/ops/runOpCase';
import { opsTarget } from '../../../src/harness/targets/opsTarget';
import { fixupOpCase } from '../../../src/gen/ops/fixupOpCase';
import { ByteReader } from '../../../src/gen/ops/opBytes';
import { newExn } from '../../../src/cases/ops/newExn';
import { GcKind } from '../../../src/runtime/gcKind';
import { OK, obsObject } from '../../../oracles/observation';
import { exnCase } from './exnOpCase';
import { everyCollector, stepThrough } from './incrementalOpCase';

const h = (n: number) => ({ v: 'slot', slot: { s: 'handle', h: n } });

test('newExn allocates an exception object (kind ExnRef) whose payload alone keeps a graph alive across collections, on every collector', () => {
  const c = exnCase([
    { op: 'newStruct', type: 0, owned: true }, // h: node #1
    { op: 'newExtern', owned: true }, // extern #2
    { op: 'newExn', tag: 1, vals: [h(0), { v: 'null' }, 7], owned: true }, // exn #3 {extern, null, 7}
    { op: 'newExn', tag: 0, vals: [h(2), h(0)], owned: true }, // exn #4 {node, node}: exn #3 does not fit anyref, so fixup takes the next handle that fits
    { op: 'drop', h: 2 }, { op: 'drop', h: 2 }, // only the exceptions hold the node and the extern now
    { op: 'gc' },
    { op: 'exnGet', h: 0, tag: 0, f: 0, keep: 'no' },
    { op: 'exnGet', h: 1, tag: 1, f: 0, keep: 'no' },
    { op: 'exnGet', h: 1, tag: 1, f: 2, keep: 'no' },
  ]);
  assert.equal(c.ops.length, 10, 'the hand-written case is valid as it stands');
  assert.deepEqual(c.ops[3], { op: 'newExn', tag: 0, vals: [h(2), h(2)], owned: true });
  for (const collector of everyCollector) {
    const r = runOpCase(c, { collector, mode: 'lockstep' });
    assert.deepEqual(r.trace.slice(0, 7), [OK, OK, OK, OK, OK, OK, OK], collector.name);
    assert.deepEqual(r.trace.slice(7), [obsObject(1), obsObject(2), { k: 'num', v: 7 }], collector.name);
  }
  stepThrough(c, everyCollector[1]!, (x) => {
    if (x.opIndex !== 2) return;
    const r = x.store.get(x.handles[x.handles.length - 1]!);
    assert.equal((x.store.heap.headerKind(r) & 0xfc000000) >>> 0, GcKind.ExnRef);
  });
  opsTarget.run(c, everyCollector);
});

test('newExn: fixup gives the handle static type exn, draws payload refs from handles that fit, and is idempotent; byte 0 is the simplest op', () => {
  const c = exnCase([{ op: 'newExtern', owned: true }, { op: 'newExn', tag: 2, vals: [h(0)], owned: 'x' }, { op: 'writeRef', dst: { s: 'global', g: 1 }, val: h(0) }]);
  assert.deepEqual(c.ops[1], { op: 'newExn', tag: 0, vals: [{ v: 'null' }, { v: 'null' }], owned: true }, 'an array type is no tag; an extern does not fit a node field');
  assert.deepEqual(c.ops[2], { op: 'writeRef', dst: { s: 'global', g: 1 }, val: h(0) }, 'the exnref fits the exnref global');
  assert.deepEqual(fixupOpCase(JSON.parse(JSON.stringify(c))), c);
  assert.deepEqual(newExn.fromBytes(new ByteReader(new Uint8Array([0, 0, 0])), 3), { op: 'newExn', tag: 0, vals: [], owned: true });
});
