import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { opCaseArbitrary } from '../../../src/gen/ops/opCaseArbitrary';
import { opCaseFromBytes } from '../../../src/gen/ops/opCaseFromBytes';
import type { OpCase } from '../../../src/gen/ops/opCase';
import { OpRunner } from '../../../src/harness/targets/ops/opRunner';
import { runDeclaredOp } from '../../../src/cases/ops/opDeclarations';
import { builtinCollectors } from '../../../src/runtime/collectors/builtinCollectors';
import { StopRun } from '../../../src/harness/targets/ops/opRunControl';

const EXN_OPS = ['newExn', 'exnGet', 'throwExn', 'catchExn'] as const;

/** Run `c` on `collector` in lockstep up to a forged write (which taints the run), counting collections that completed while an exception was pending, and exnref values stored in typed slots. */
function exceptionStats(c: OpCase, collector = builtinCollectors.copying): { pendingCollections: number; matchedGets: number } {
  const x = new OpRunner(c, { collector, mode: 'lockstep' });
  let pendingCollections = 0;
  let matchedGets = 0;
  try {
    c.ops.forEach((op, i) => {
      // After a forged write (taint) typed errors are allowed (the runner's tryTainted); count only before it.
      if (x.tainted) return;
      x.opIndex = i;
      const pendingBefore = x.pending[0] !== 0;
      const before = x.store.collections;
      runDeclaredOp(x, op);
      if (pendingBefore && x.pending[0] !== 0 && x.store.collections > before) pendingCollections++;
      const o = x.trace[x.trace.length - 1];
      if (op.op === 'exnGet' && o !== undefined && o.k !== 'test' && o.k !== 'error') matchedGets++;
    });
  } catch (e) {
    if (!(e instanceof StopRun)) throw e;
  }
  return { pendingCollections, matchedGets };
}

test('seeded cases produce every exception op, store exnrefs in globals, tables and fields, and collect while an exception is pending', () => {
  const cases = fc.sample(opCaseArbitrary(), { seed: 5, numRuns: 120 });
  const counts = new Map<string, number>();
  let exnStores = 0;
  let pendingCollections = 0;
  let matchedGets = 0;
  for (const c of cases) {
    for (const op of c.ops) counts.set(op.op, (counts.get(op.op) ?? 0) + 1);
    for (const op of c.ops) {
      if (op.op !== 'writeRef' || op.val.v !== 'slot') continue;
      const d = op.dst;
      if ((d.s === 'global' && c.globals[d.g] === 'exn') || (d.s === 'table' && c.tables[d.t]!.elem === 'exn')) exnStores++;
    }
    const s = exceptionStats(c);
    pendingCollections += s.pendingCollections;
    matchedGets += s.matchedGets;
  }
  for (const k of EXN_OPS) assert.ok((counts.get(k) ?? 0) > 20, `${k}: ${counts.get(k) ?? 0}`);
  assert.ok(exnStores > 5, `exnref writes into exnref globals/tables: ${exnStores}`);
  assert.ok(pendingCollections > 20, `collections while an exception is pending: ${pendingCollections}`);
  assert.ok(matchedGets > 20, `payload reads that matched their tag: ${matchedGets}`);
});

test('byte-decoded cases produce every exception op, and byte 0 decodes each to its simplest form', () => {
  const seen = new Set<string>();
  let pendingCollections = 0;
  for (let s = 1; s <= 300; s++) {
    const bytes = new Uint8Array(160);
    let v = s * 2654435761;
    for (let i = 0; i < bytes.length; i++) {
      v = (v ^ (v << 13)) >>> 0;
      v = (v ^ (v >>> 17)) >>> 0;
      v = (v ^ (v << 5)) >>> 0;
      bytes[i] = v & 0xff;
    }
    const c = opCaseFromBytes(bytes);
    for (const op of c.ops) seen.add(op.op);
    pendingCollections += exceptionStats(c).pendingCollections;
  }
  assert.deepEqual(EXN_OPS.filter((k) => !seen.has(k)), []);
  assert.ok(pendingCollections > 0, `collections while an exception is pending: ${pendingCollections}`);
});
