import assert from 'node:assert/strict';
import test from 'node:test';
import * as path from 'node:path';
import { assertReplayStillFails, fuzzCli, ROOT } from './fuzzCli';

// First finding when written: seed 1 run 1, op 22 ("expected one enterWasm trigger and a completed
// collection ..., got 0 trigger(s), 0 collection(s)"); the heap's answers stay right, so without the
// store-calls oracle nothing sees a store that ignores them.
test('enterWasmSkippingDrc (a store that ignores the heap\'s "collect first" entering Wasm): the ops target reports stack-roots-trigger within 5 runs of seed 1 and the reproducer replays', () => {
  const collector = path.join(ROOT, 'dist/tests/brokenCollectors/enterWasmSkippingDrc.js');
  const { f } = fuzzCli(['--target', 'ops', '--seed', '1', '--runs', '5', '--collector', collector, '--minimise-runs', '0'], 'gcfuzz-enterWasmSkippingDrc-', 120_000);
  assert.equal(f.oracle, 'stack-roots-trigger', JSON.stringify(f));
  assert.match(f.message, /enterWasm trigger .*\(the store entering Wasm with /);
  assertReplayStillFails(f.reproducer, 'stack-roots-trigger');
});
