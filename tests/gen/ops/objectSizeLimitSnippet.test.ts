import { test } from 'node:test';
import assert from 'node:assert/strict';
import { objectSizeLimitSnippet } from '../../../src/gen/ops/objectSizeLimitSnippet';
import { ByteReader } from '../../../src/gen/ops/opBytes';
import { opCaseFromBytes } from '../../../src/gen/ops/opCaseFromBytes';
import { fixupOpCase } from '../../../src/gen/ops/fixupOpCase';
import { opsBoundaryLengths } from '../../../src/gen/ops/boundaryArrayLength';
import { runOpCase } from '../../../src/harness/targets/ops/runOpCase';
import { builtinCollectors } from '../../../src/runtime/collectors/builtinCollectors';
import { NUM_ARRAY_TYPE, REF_ARRAY_TYPE } from '../../../src/gen/ops/caseShape';
import { obsError } from '../../../oracles/observation';

test('objectSizeLimitSnippet: each of the four 2^26-byte limit lengths, on a numeric or a ref array, is out of memory on every collector and the run goes on', () => {
  const base = opCaseFromBytes(new Uint8Array(64));
  const seen = new Set<number>();
  for (let code = 0; code < 4; code++) {
    for (const pick of [0, 1]) {
      const ops = objectSizeLimitSnippet(new ByteReader(Uint8Array.of(code, pick)));
      const c = fixupOpCase({ ...base, ops });
      const alloc = c.ops[0]!;
      assert.ok(alloc.op === 'newArray');
      assert.equal(alloc.type, pick === 0 ? NUM_ARRAY_TYPE : REF_ARRAY_TYPE);
      const elemBytes = alloc.type === REF_ARRAY_TYPE ? 4 : ({ i8: 1, i16: 2, i32: 4, i64: 8, f32: 4, f64: 8 } as Record<string, number>)[String((base.types[NUM_ARRAY_TYPE] as { element: { storage: unknown } }).element.storage)]!;
      assert.equal(alloc.len, opsBoundaryLengths(elemBytes)[12 + code], `code ${code}`);
      seen.add(code);
      for (const collector of Object.values(builtinCollectors)) {
        const r = runOpCase(c, { collector, mode: 'lockstep' });
        assert.equal(r.stopReason, 'end', collector.name);
        assert.deepEqual(r.trace.slice(0, 2), [obsError('out-of-memory'), obsError('sandbox:null')], `${collector.name} code ${code}`);
      }
    }
  }
  assert.equal(seen.size, 4);
});
