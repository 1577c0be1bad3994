import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ByteReader } from '../../../src/gen/ops/opBytes';
import { scopeSnippet } from '../../../src/gen/ops/scopeSnippet';
import { opCaseArbitrary } from '../../../src/gen/ops/opCaseArbitrary';
import { runOpCase } from '../../../src/harness/targets/ops/runOpCase';
import { builtinCollectors } from '../../../src/runtime/collectors/builtinCollectors';
import type { Op } from '../../../src/gen/ops/opCase';

/**
 * The scope snippet: scoped handles written, cloned and dropped inside nested scopes (which random
 * ops, mostly on owned handles, rarely reach), with its random ops inside the outer scope; seeded
 * cases contain it and pass on every collector.
 */

const kinds = (ops: readonly Op[]): string => ops.map((o) => o.op).join(' ');

test('the snippet nests a scope inside the outer one and keeps the random ops inside the outer scope', () => {
  const inner: Op[] = [{ op: 'gc' }];
  const body = 'newStruct enterScope newStruct writeRef newStruct clone writeRef drop enterScope drop newStruct exitScope gc gc exitScope';
  const withGc = scopeSnippet(new ByteReader(new Uint8Array([1])), inner);
  assert.equal(kinds(withGc), `${body} gc read`);
  assert.equal(kinds(scopeSnippet(new ByteReader(new Uint8Array([0])), inner)), `${body} read`);
  const scoped = withGc.filter((o) => o.op === 'newStruct' && !o.owned).length;
  assert.equal(scoped, 3);
});

test('seeded cases contain the snippet, and those cases pass on every collector', () => {
  const cases = fc.sample(opCaseArbitrary(), { seed: 1, numRuns: 200 });
  const nested = cases.filter((c) => /enterScope newStruct writeRef newStruct clone writeRef drop enterScope drop newStruct exitScope/.test(kinds(c.ops)));
  assert.ok(nested.length >= 3, `${nested.length} of 200 cases hold the scope snippet`);
  for (const c of nested.slice(0, 6)) {
    for (const name of ['null', 'drc', 'copying', 'incremental'] as const) runOpCase(c, { collector: builtinCollectors[name]!, mode: 'lockstep' });
  }
});
