import assert from 'node:assert/strict';
import test from 'node:test';
import { assertReplayStillFails, fuzzOpsWith, fuzzWasmWith } from './fuzzWasmWith';

// First findings on seed 1 when written: trigger-ignoring-drc ops run 1, wasm run 6;
// eager-trigger-drc ops run 0, wasm run 2 (each session under 3 s).
test('triggerIgnoringDrc (the entering-Wasm trigger never fires): the ops target reports stack-roots-trigger within 10 runs of seed 1 and the reproducer replays', () => {
  const { f } = fuzzOpsWith('triggerIgnoringDrc', 10);
  assert.equal(f.oracle, 'stack-roots-trigger', JSON.stringify(f));
  assert.match(f.message, /expected a collection first/);
  assertReplayStillFails(f.reproducer);
});

test('eagerTriggerDrc (the entering-Wasm trigger fires below the floor): the wasm target reports stack-roots-trigger within 10 runs of seed 1', () => {
  const { f } = fuzzWasmWith('eagerTriggerDrc', 10);
  assert.equal(f.oracle, 'stack-roots-trigger', JSON.stringify(f));
  assert.match(f.message, /expected no collection: .* below the floor/);
});

test('eagerTriggerNull and eagerTriggerCopying (a heap with no stack-roots list asks to collect before entering Wasm): both targets report stack-roots-trigger within 10 runs of seed 1', () => {
  for (const name of ['eagerTriggerNull', 'eagerTriggerCopying']) {
    for (const { f } of [fuzzOpsWith(name, 10), fuzzWasmWith(name, 10)]) {
      assert.equal(f.oracle, 'stack-roots-trigger', JSON.stringify(f));
      assert.match(f.message, /expected no collection: this collector keeps no stack-roots list/);
    }
  }
});
