import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { loadWatParser, parseWat } from '../../../../src/wasm/text/parseWat';
import { resolveCollectors } from '../../../../src/harness/resolveCollectors';
import { ttfTarget, type TtfTargetCase } from '../../../../src/harness/targets/ttfTarget';
import { KnownEngineBug } from '../../../../oracles/engines/KnownEngineBug';

before(loadWatParser);

/**
 * Node 22's Liftoff wraps a load whose address comes from `i31.get_s` with a static offset instead
 * of trapping (found by the ttf target, seed 1 run 345); TurboFan traps as the spec says. The
 * ttf target's forced-tier children must get Binaryen's fuzzing-support imports (the module
 * imports `log-i32`), else instantiation fails in both tiers and the case reads as a finding.
 */
const WAT = `(module
  (import "fuzzing-support" "log-i32" (func $log (param i32)))
  (memory 1 1)
  (func (export "f")
    (call $log (i32.load offset=4 (i31.get_s (ref.i31 (i32.const -4)))))))`;

test('a ttf case on which V8 contradicts itself is a known engine bug, decided with the fuzzing-support imports in each tier', () => {
  const c: TtfTargetCase = { engines: ['model', 'interp', 'v8'], gcEveryNAllocs: 0, input: new Uint8Array(0), wasm: parseWat(WAT) };
  assert.throws(() => ttfTarget.run(c, resolveCollectors('drc').collectors), (e: unknown) => {
    assert.ok(e instanceof KnownEngineBug, String(e));
    assert.match(e.message, /Liftoff disagrees .*TurboFan agrees with the interpreter/);
    return true;
  });
});
