import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { caseSeed } from '../../src/gen/caseSeed';
import { opCaseArbitrary } from '../../src/gen/ops/opCaseArbitrary';
import { wasmCaseArbitrary } from '../../src/gen/wasm/wasmCaseArbitrary';
import { runOpCase } from '../../src/harness/targets/ops/runOpCase';
import { builtinCollectors } from '../../src/runtime/collectors/builtinCollectors';
import { DEFAULT_INTERPRETER_CONFIG, InterpreterEngine } from '../../oracles/engines/interpreterEngine';
import { GcTriggerTally, gcTriggersFromStats } from '../../src/bench/gcTriggerTable';

// Generator reach through the runtime (issue 13 section 2): the counts come from the store's
// trigger counters while the generated cases run, not from reading the cases.

test('op streams reach the DRC entering-Wasm trigger (pushFrame past a lowered stack-roots floor)', () => {
  const arb = opCaseArbitrary();
  const t = new GcTriggerTally();
  // 200 cases: allocation-failure collections on DRC come in a few percent of them (7 of seed 1's first 200 since session 11's noGc and scope snippets).
  for (let i = 0; i < 200; i++) t.add(runOpCase(fc.sample(arb, { seed: caseSeed(1, i), numRuns: 1 })[0]!, { collector: builtinCollectors.drc, mode: 'bare' }).gcTriggers);
  assert.ok(t.casesWith.enterWasm >= 3, `enterWasm fired in ${t.casesWith.enterWasm}/200 cases`);
  assert.ok(t.casesWith.allocation > 0 && t.casesWith.zeal > 0, 'allocation failure and zeal fire too');
});

test('Wasm programs reach the entering-Wasm trigger on DRC and sliced and abandoned gc_step collections on copying', () => {
  const drc = new InterpreterEngine({ ...DEFAULT_INTERPRETER_CONFIG, collector: builtinCollectors.drc });
  const copying = new InterpreterEngine({ ...DEFAULT_INTERPRETER_CONFIG, collector: builtinCollectors.copying });
  const td = new GcTriggerTally();
  const tc = new GcTriggerTally();
  for (let seed = 0; seed < 120; seed++) {
    const c = fc.sample(wasmCaseArbitrary(), { seed, numRuns: 1 })[0]!;
    td.add(gcTriggersFromStats(drc.run(c).stats));
    tc.add(gcTriggersFromStats(copying.run(c).stats));
  }
  assert.ok(td.casesWith.enterWasm >= 2, `enterWasm fired in ${td.casesWith.enterWasm}/120 programs`);
  assert.ok(td.casesWith.allocation > 0, 'allocation failure fires too');
  assert.ok(tc.casesWith.sliced > 0, `sliced gc_step collections in ${tc.casesWith.sliced}/120 programs`);
  assert.ok(tc.casesWith.dropped > 0, `abandoned gc_step collections in ${tc.casesWith.dropped}/120 programs`);
});
