import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { loadWatParser, parseWat } from '../../../../src/wasm/text/parseWat';
import { resolveCollectors } from '../../../../src/harness/resolveCollectors';
import { ttfEngines, ttfTarget, ttfWasmCase, type TtfTargetCase } from '../../../../src/harness/targets/ttfTarget';
import { ttfModuleBytes } from '../../../../src/gen/ttf/binaryenTtf';
import { checkWasmCase } from '../../../../oracles/engines/checkWasmCase';
import { HOST_CALL_BUDGET } from '../../../../src/harness/targets/ttf/fuzzingSupport';
import { showHostCall, showStep, type Outcome } from '../../../../oracles/engines/outcome';

before(loadWatParser);

const collectors = resolveCollectors('all').collectors;

/** Runs `wat` on the model, the interpreter on every collector (zeal 1) and V8; every oracle must hold. Returns the model's outcome. */
function run(wat: string): Outcome {
  const wasm = parseWat(wat);
  const c: TtfTargetCase = { engines: ['model', 'interp', 'v8'], gcEveryNAllocs: 1, input: new Uint8Array(0), wasm };
  const w = ttfWasmCase(wasm);
  if ('filtered' in w) throw new Error(`filtered: ${w.filtered}`);
  return checkWasmCase(w, ttfEngines(c, w.module, collectors))[0]!;
}

const steps = (o: Outcome): string[] => o.invocations.map((s) => `${showStep(s)} ${s.hostCalls.map(showHostCall).join(' ')}`.trim());

const IMPORTS = `
  (import "__fuzz_import" "extern$" (global $ext (ref extern)))
  (import "fuzzing-support" "log-i32" (func $log-i32 (param i32)))
  (import "fuzzing-support" "log-f64" (func $log-f64 (param f64)))
  (import "fuzzing-support" "log-externref" (func $log-externref (param externref)))
  (import "fuzzing-support" "log-anyref" (func $log-anyref (param anyref)))
  (import "fuzzing-support" "log-funcref" (func $log-funcref (param funcref)))
  (import "fuzzing-support" "throw" (func $throw (param i32)))
  (import "fuzzing-support" "call-export" (func $call-export (param i32 i32)))
  (import "fuzzing-support" "call-export-catch" (func $call-export-catch (param i32) (result i32)))
  (import "fuzzing-support" "call-ref-catch" (func $call-ref-catch (param funcref) (result i32)))
  (import "fuzzing-support" "table-get" (func $table-get (param i32) (result funcref)))
  (import "fuzzing-support" "table-set" (func $table-set (param i32 funcref)))
  (import "fuzzing-support" "sleep" (func $sleep (param i32 i32) (result i32)))`;

test('log-* record their argument; NaNs compare as nan whatever their bits; __fuzz_import globals are host objects', () => {
  const o = run(`(module ${IMPORTS}
    (type $s (struct (field i32)))
    (func (export "logs")
      (call $log-i32 (i32.const -7))
      (call $log-f64 (f64.div (f64.const 0) (f64.const 0)))
      (call $log-f64 (f64.const nan:0x4))
      (call $log-externref (global.get $ext))
      (call $log-anyref (struct.new $s (i32.const 1)))
      (call $log-anyref (ref.i31 (i32.const 5)))
      (call $log-funcref (ref.null func))
      (drop (call $sleep (i32.const 10) (i32.const 42)))))`);
  assert.deepEqual(steps(o), ['return [] log-i32(i32:-7) log-f64(f64:nan) log-f64(f64:nan) log-externref(host#1) log-anyref(object) log-anyref(i31:5) log-funcref(null) sleep(i32:10, i32:42)']);
});

test('throw traps; call-export-catch and call-ref-catch return 1 for a trap, 0 otherwise; call-export propagates traps', () => {
  const o = run(`(module ${IMPORTS}
    (table $t 2 funcref)
    (export "table" (table $t))
    (elem declare func $traps)
    (func $traps (export "traps") (call $throw (i32.const 0)))
    (func (export "ok") (call $log-i32 (i32.const 1)))
    (func (export "catches")
      (call $log-i32 (call $call-export-catch (i32.const 0)))
      (call $log-i32 (call $call-export-catch (i32.const 1)))
      (call $log-i32 (call $call-export-catch (i32.const 99)))
      (call $log-i32 (call $call-ref-catch (ref.func $traps)))
      (call $log-i32 (call $call-ref-catch (ref.null func))))
    (func (export "propagates") (call $call-export (i32.const 0) (i32.const 0)) (call $log-i32 (i32.const 2))))`);
  assert.deepEqual(steps(o), [
    'trap unreachable throw(i32:0)',
    'return [] log-i32(i32:1)',
    'return [] call-export-catch(i32:0) throw(i32:0) log-i32(i32:1) call-export-catch(i32:1) log-i32(i32:1) log-i32(i32:0) call-export-catch(i32:99) log-i32(i32:1) call-ref-catch(func) throw(i32:0) log-i32(i32:1) call-ref-catch(null) log-i32(i32:1)',
    'trap unreachable call-export(i32:0, i32:0) throw(i32:0)',
  ]);
});

test('table-get and table-set read and write the exported table; out of bounds traps', () => {
  const o = run(`(module ${IMPORTS}
    (table $t 2 funcref)
    (export "table" (table $t))
    (elem declare func $f)
    (func $f (export "f") (call $log-i32 (i32.const 3)))
    (func (export "tables")
      (call $log-funcref (call $table-get (i32.const 1)))
      (call $table-set (i32.const 1) (ref.func $f))
      (call $log-i32 (call $call-ref-catch (call $table-get (i32.const 1)))))
    (func (export "oob") (call $table-set (i32.const -1) (ref.null func))))`);
  assert.deepEqual(steps(o), [
    'return [] log-i32(i32:3)',
    'return [] table-get(i32:1) log-funcref(null) table-set(i32:1, func) table-get(i32:1) call-ref-catch(func) log-i32(i32:3) log-i32(i32:0)',
    'trap unreachable table-set(i32:-1, null)',
  ]);
  assert.deepEqual(o.final?.tables.map((t) => t.elems.map((e) => e.t)), [['null', 'func']]);
});

test('call-export nests host->Wasm calls 100 deep on every engine', () => {
  const o = run(`(module ${IMPORTS}
    (global $depth (mut i32) (i32.const 0))
    (func (export "nest")
      (global.set $depth (i32.add (global.get $depth) (i32.const 1)))
      (if (i32.lt_u (global.get $depth) (i32.const 100)) (then (call $call-export (i32.const 0) (i32.const 0))))
      (if (i32.eq (global.get $depth) (i32.const 100)) (then (call $log-i32 (global.get $depth))))))`);
  const s = o.invocations[0]!;
  assert.equal(s.kind, 'return', showStep(s));
  assert.equal(s.hostCalls.filter((h) => h.fn === 'call-export').length, 99);
  assert.equal(showHostCall(s.hostCalls.at(-1)!), 'log-i32(i32:100)');
});

test('modules needing what the interpreter lacks are filtered out with a reason, not run', () => {
  const other = ttfWasmCase(parseWat('(module (import "env" "f" (func)))'));
  assert.deepEqual(other, { filtered: 'import env.f (func)' });
  const mutableGlobal = ttfWasmCase(parseWat('(module (import "__fuzz_import" "g" (global (mut externref))))'));
  assert.deepEqual(mutableGlobal, { filtered: 'import __fuzz_import.g (global)' });
  const bad = ttfWasmCase(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 0x63]));
  assert.ok('filtered' in bad && /DecodeError/.test(bad.filtered), JSON.stringify(bad));
});

test('generator determinism: the same bytes give the same module; the same seed gives the same case; cases round-trip', () => {
  const input = new Uint8Array(4096).map((_, i) => (i * 2654435761) >>> 24);
  const a = ttfModuleBytes(input);
  for (let k = 0; k < 3; k++) ttfModuleBytes(new Uint8Array(2048).fill(k + 1));
  assert.deepEqual(ttfModuleBytes(input), a);
  const sample = (): TtfTargetCase[] => fc.sample(ttfTarget.arbitrary({ engines: ['model', 'interp'] }), { seed: 7, numRuns: 3 });
  const [x, y] = [sample(), sample()];
  assert.deepEqual(x.map((c) => Buffer.from(c.wasm).toString('hex')), y.map((c) => Buffer.from(c.wasm).toString('hex')));
  assert.ok(x.every((c) => c.wasm.length > 200), 'modules of some size');
  const back = ttfTarget.deserialise(JSON.parse(JSON.stringify(ttfTarget.serialise(x[0]!))));
  assert.deepEqual(back, x[0]);
  assert.throws(() => ttfTarget.deserialise({ engines: ['model'] }), /"input"/);
  assert.throws(() => ttfTarget.deserialise({ input: '!!' }), /base64/);
});

test('a run ends as exhausted after HOST_CALL_BUDGET fuzzing-support calls on every engine (V8 has no fuel; a catch loop never ends)', () => {
  const o = run(`(module ${IMPORTS}
    (func (export "traps") (call $throw (i32.const 0)))
    (func (export "forever") (loop $l (drop (call $call-export-catch (i32.const 0))) (br $l))))`);
  const s = o.invocations[1]!;
  assert.equal(s.kind, 'exhausted', showStep(s));
  assert.equal(s.hostCalls.length, HOST_CALL_BUDGET - 1);
});
