import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { decodeModule } from '../../../src/wasm/binary/decodeModule';
import type { WasmCase } from '../../../src/cases/wasmCase';
import { builtinCollectors } from '../../../src/runtime/collectors/builtinCollectors';
import { InterpreterEngine } from '../../../oracles/engines/interpreterEngine';
import { modelCollector } from '../../../oracles/engines/modelGcHeap';
import { V8Engine } from '../../../oracles/engines/v8Engine';
import { checkWasmCase, type NamedEngine } from '../../../oracles/engines/checkWasmCase';
import { adjudicateV8, runV8Tier, V8_TIERS } from '../../../oracles/engines/v8Tiers';
import { KnownEngineBug } from '../../../oracles/engines/KnownEngineBug';
import { OracleFailure } from '../../../oracles/OracleFailure';
import type { Outcome, StepOutcome } from '../../../oracles/engines/outcome';

/** Repo root, from dist/tests/oracles/engines. */
const ROOT = path.resolve(__dirname, '../../../..');
const CLI = path.join(ROOT, 'dist/src/cli.js');

/**
 * Node 22.23.3's Liftoff miscompiles `i31.get_s` followed by `i64.extend_i32_u` (README, "Known V8
 * bug"): `(func (export "f") (param i32) (result i64) local.get 0 ref.i31 i31.get_s i64.extend_i32_u)`
 * called with -785310520 returns 3509656776 by the spec (and on TurboFan), -785310520 on Liftoff.
 */
const LIFTOFF_BUG = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 6, 1, 0x60, 1, 0x7f, 1, 0x7e, 3, 2, 1, 0, 7, 5, 1, 1, 0x66, 0, 0, 10, 11, 1, 9, 0, 0x20, 0, 0xfb, 0x1c, 0xfb, 0x1d, 0xad, 0x0b]);
const HOST = { incrementSlices: 0, abandonIncremental: false };
const bugCase: WasmCase = { module: decodeModule(LIFTOFF_BUG), invocations: [{ export: 'f', args: [{ t: 'i32', v: -785310520 }] }], host: HOST };

function interpreterEngines(): NamedEngine[] {
  return [
    { engine: new InterpreterEngine({ collector: modelCollector, name: 'model' }), collector: 'model' },
    ...Object.values(builtinCollectors).map((collector) => ({ engine: new InterpreterEngine({ collector }), collector: collector.name })),
  ];
}

const returning = (v: string): StepOutcome => ({ kind: 'return', values: [{ t: 'i64', v }], hostCalls: [] });
function outcome(step: StepOutcome, engine: string): Outcome {
  return { engine, instantiation: { kind: 'return', values: [], hostCalls: [] }, invocations: [step], final: { globals: [], tables: [] }, stats: {} };
}

describe('V8 disagreements are decided from forced tiers', () => {
  test('the Liftoff bug fixture: Liftoff alone gives the wrong value, TurboFan alone the spec value', () => {
    const [liftoff, turbofan] = V8_TIERS.map((t) => runV8Tier(bugCase, t));
    assert.deepEqual(liftoff!.invocations[0], returning('-785310520'));
    assert.deepEqual(turbofan!.invocations[0], returning('3509656776'));
    assert.equal(liftoff!.engine, 'v8 liftoff');
  });

  test('every interpreter engine agrees on the spec value, and the tier disagreement is a KnownEngineBug, not a finding', () => {
    const outs = checkWasmCase(bugCase, interpreterEngines());
    for (const o of outs) assert.deepEqual(o.invocations[0], returning('3509656776'));
    assert.throws(() => adjudicateV8(bugCase, outs[0]!), (e: unknown) => {
      assert.ok(e instanceof KnownEngineBug, String(e));
      assert.equal(e.kind, 'v8-tier-disagreement');
      assert.match(e.message, /Liftoff disagrees .*i64:-785310520.*TurboFan agrees with the interpreter/);
      return true;
    });
  });

  test('checkWasmCase with V8 never reports the fixture as a finding (the default run may or may not have tiered up)', () => {
    try {
      checkWasmCase(bugCase, [...interpreterEngines(), { engine: new V8Engine(), collector: 'v8' }]);
    } catch (e) {
      assert.ok(e instanceof KnownEngineBug, `expected a KnownEngineBug, got ${String(e)}`);
    }
  });

  test('checkWasmCase asks the tiers only when V8 disagrees with the interpreter engines, and runs V8 last', () => {
    const wrongV8: NamedEngine = { engine: { name: 'v8', run: () => outcome(returning('-785310520'), 'v8') }, collector: 'v8' };
    let asked = 0;
    const adjudicate = (): never => {
      asked++;
      throw new KnownEngineBug('v8-tier-disagreement', 'test');
    };
    assert.throws(() => checkWasmCase(bugCase, [wrongV8, ...interpreterEngines()], adjudicate), KnownEngineBug);
    assert.equal(asked, 1);
    const rightV8: NamedEngine = { engine: { name: 'v8', run: () => outcome(returning('3509656776'), 'v8') }, collector: 'v8' };
    const outs = checkWasmCase(bugCase, [rightV8, ...interpreterEngines()], adjudicate);
    assert.equal(asked, 1);
    assert.equal(outs[0]!.engine, 'model');
    assert.equal(outs.at(-1)!.engine, 'v8');
  });

  test('tiers that agree with each other but not with the interpreter are a differential finding, stated against Liftoff', () => {
    const reference = outcome(returning('1'), 'model');
    assert.throws(() => adjudicateV8(bugCase, reference, (_c, t) => outcome(returning('2'), `v8 ${t.name}`)), (e: unknown) => {
      assert.ok(e instanceof OracleFailure, String(e));
      assert.equal(e.oracle, 'differential');
      assert.equal(e.collector, 'v8');
      assert.match(e.message, /expected model: .*i64:1.*got v8 liftoff: .*i64:2/);
      return true;
    });
    // The real tiers agree on a module without the bug: a forged reference makes a real finding.
    const ok: WasmCase = { ...bugCase, invocations: [{ export: 'f', args: [{ t: 'i32', v: 5 }] }] };
    assert.throws(() => adjudicateV8(ok, outcome(returning('6'), 'model')), (e: unknown) => e instanceof OracleFailure && /got v8 liftoff: return \[i64:5\]/.test(e.message));
  });

  test('tiers that agree with each other and with the interpreter: only the default mix of tiers disagreed, a KnownEngineBug', () => {
    const reference = outcome(returning('1'), 'model');
    assert.throws(() => adjudicateV8(bugCase, reference, (_c, t) => outcome(returning('1'), `v8 ${t.name}`)), (e: unknown) => e instanceof KnownEngineBug && /default tiering/.test(e.message));
  });

  test('crashes: identical crashes of both tiers are a finding; a crash of one tier only is a tier disagreement', () => {
    const reference = outcome(returning('1'), 'model');
    const crash: StepOutcome = { kind: 'crash', error: 'unknown V8 trap message', message: 'x', hostCalls: [] };
    assert.throws(() => adjudicateV8(bugCase, reference, (_c, t) => outcome(crash, `v8 ${t.name}`)), (e: unknown) => e instanceof OracleFailure && e.oracle === 'differential' && /v8 liftoff invocation 0/.test(e.message));
    assert.throws(() => adjudicateV8(bugCase, reference, (_c, t) => outcome(t.name === 'liftoff' ? crash : returning('1'), `v8 ${t.name}`)), (e: unknown) => e instanceof KnownEngineBug && /Liftoff disagrees .*TurboFan agrees/.test(e.message));
  });

  test('a tier whose V8 dies by a signal is a crash outcome of that tier, not an error of the harness; one tier dying is a tier disagreement', () => {
    const died = runV8Tier(bugCase, V8_TIERS[1], path.join(__dirname, 'segfaultingTierChild.js'));
    assert.equal(died.engine, 'v8 turbofan');
    assert.deepEqual(died.instantiation, { kind: 'crash', error: 'v8 died', message: 'killed by SIGSEGV', hostCalls: [] });
    const reference = checkWasmCase(bugCase, interpreterEngines())[0]!;
    assert.throws(
      () => adjudicateV8(bugCase, reference, (c, t) => (t.name === 'turbofan' ? runV8Tier(c, t, path.join(__dirname, 'segfaultingTierChild.js')) : runV8Tier(c, t))),
      (e: unknown) => e instanceof KnownEngineBug && /TurboFan disagrees/.test(e.message),
    );
  });

  test('through the CLI: a session that meets the bug counts it, saves it apart, goes on, and exits 0; replay says still failing', () => {
    // Run 345 of the ttf target's seed 1 (Binaryen's translate-to-fuzz, pinned; our generators do
    // not shape it) meets another Liftoff bug: a load whose address is an i31.get_s result plus a
    // static offset wraps instead of trapping. --shard 346/346 runs exactly runs 345 and 691.
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'gcfuzz-v8tiers-'));
    try {
      const r = spawnSync(process.execPath, [CLI, 'fuzz', '--target', 'ttf', '--seed', '1', '--shard', '346/346', '--runs', '2', '--workers', '1', '--out', out, '--json'], { cwd: ROOT, encoding: 'utf8', timeout: 300_000 });
      assert.equal(r.status, 0, r.stderr);
      const s = JSON.parse(r.stdout.trim().split('\n').pop()!) as { runs: number; findings: unknown[]; knownEngineBugs: { kind: string; run: number; reproducer: string }[] };
      assert.equal(s.runs, 2); // 345 and 691: the session went on past the bug
      assert.deepEqual(s.findings, []);
      assert.equal(s.knownEngineBugs.length, 1);
      assert.equal(s.knownEngineBugs[0]!.kind, 'v8-tier-disagreement');
      assert.equal(s.knownEngineBugs[0]!.run, 345);
      assert.equal(path.dirname(s.knownEngineBugs[0]!.reproducer), path.join(fs.realpathSync(out), 'known-engine-bugs'));
      assert.match(r.stderr, /known engine bug \(v8-tier-disagreement, not a finding\) at run 345/);
      const replay = spawnSync(process.execPath, [CLI, 'replay', s.knownEngineBugs[0]!.reproducer], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
      assert.equal(replay.status, 1, replay.stderr);
      assert.match(replay.stdout, /^still failing: known engine bug \(v8-tier-disagreement\)/);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});
