import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { wasmCaseFromBytes } from '../../../src/gen/wasm/wasmCaseFromBytes';
import { wasmCaseBytesForSeed } from '../../../src/gen/wasm/wasmCaseArbitrary';
import { builtinCollectors } from '../../../src/runtime/collectors/builtinCollectors';
import { InterpreterEngine } from '../../../oracles/engines/interpreterEngine';
import { modelCollector } from '../../../oracles/engines/modelGcHeap';
import { V8Engine } from '../../../oracles/engines/v8Engine';
import { checkWasmCase, type NamedEngine } from '../../../oracles/engines/checkWasmCase';
import { compareOutcomes } from '../../../oracles/engines/compareOutcomes';
import { OracleFailure } from '../../../oracles/OracleFailure';
import type { Outcome, StepOutcome } from '../../../oracles/engines/outcome';
import { forgetOuterStackRoots } from '../../brokenCollectors/forgetOuterStackRoots';

const caseOf = (seed: number, run: number) => wasmCaseFromBytes(wasmCaseBytesForSeed(seed, run));

function allEngines(): NamedEngine[] {
  return [
    { engine: new InterpreterEngine({ collector: modelCollector, name: 'model' }), collector: 'model' },
    ...Object.values(builtinCollectors).map((collector) => ({ engine: new InterpreterEngine({ collector }), collector: collector.name })),
    { engine: new V8Engine(), collector: 'v8' },
  ];
}

function outcome(steps: StepOutcome[], engine = 'x'): Outcome {
  return { engine, instantiation: { kind: 'return', values: [], hostCalls: [] }, invocations: steps, final: { globals: [], tables: [] }, stats: {} };
}

/** Repo root, from dist/tests/oracles/engines. */
const ROOT = path.resolve(__dirname, '../../../..');

describe('Wasm engines', () => {
  test('model, null, drc, copying and V8 agree on 300 generated programs, and every heap oracle holds', () => {
    const engines = allEngines();
    let returned = 0;
    for (let run = 0; run < 300; run++) {
      const outs = checkWasmCase(caseOf(11, run), engines);
      for (const s of outs[0]!.invocations) if (s.kind === 'return') returned++;
    }
    assert.ok(returned > 300, `invocations that returned: ${returned}`);
  });

  test('collections happen during runs (store.collections > 0) on every built-in collector', () => {
    for (const collector of Object.values(builtinCollectors)) {
      const e = new InterpreterEngine({ collector });
      let runsWithGc = 0;
      let total = 0;
      for (let run = 0; run < 200; run++) {
        const n = e.run(caseOf(12, run)).stats['collections'] ?? 0;
        if (n > 0) runsWithGc++;
        total += n;
      }
      assert.ok(runsWithGc >= 60, `${collector.name}: runs with a collection ${runsWithGc}/200`);
      assert.ok(total >= 200, `${collector.name}: collections ${total}`);
    }
  });

  test('allowed differences: exhaustion stops the comparison, V8 trap sets match, NaN payloads are one value', () => {
    const ret: StepOutcome = { kind: 'return', values: [{ t: 'i32', v: 1 }], hostCalls: [] };
    const fuel: StepOutcome = { kind: 'exhausted', resource: 'fuel', message: 'out of fuel', hostCalls: [] };
    assert.equal(compareOutcomes(outcome([fuel, ret]), outcome([ret, { ...ret, values: [{ t: 'i32', v: 2 }] }])), undefined);
    const trapI: StepOutcome = { kind: 'trap', trapKinds: ['uninitialized element'], message: '', hostCalls: [] };
    const trapV8: StepOutcome = { kind: 'trap', trapKinds: ['uninitialized element', 'indirect call type mismatch', 'null reference'], message: '', hostCalls: [] };
    assert.equal(compareOutcomes(outcome([trapI]), outcome([trapV8])), undefined);
    const trapOther: StepOutcome = { kind: 'trap', trapKinds: ['cast failure'], message: '', hostCalls: [] };
    assert.notEqual(compareOutcomes(outcome([trapI]), outcome([trapOther])), undefined);
    assert.notEqual(compareOutcomes(outcome([ret]), outcome([{ ...ret, values: [{ t: 'i32', v: 2 }] }])), undefined);
    const callA: StepOutcome = { ...ret, hostCalls: [{ fn: 'record', args: [{ t: 'host', id: 1 }] }] };
    const callB: StepOutcome = { ...ret, hostCalls: [{ fn: 'record', args: [{ t: 'host', id: 2 }] }] };
    assert.notEqual(compareOutcomes(outcome([callA]), outcome([callB])), undefined, 'externrefs compare by host identity');
  });

  test('a collector that forgets the stack roots of outer frames is caught within 1000 programs', () => {
    const model = new InterpreterEngine({ collector: modelCollector, name: 'model' });
    const broken = forgetOuterStackRoots(builtinCollectors.copying);
    const engines: NamedEngine[] = [{ engine: model, collector: 'model' }, { engine: new InterpreterEngine({ collector: broken }), collector: broken.name }];
    let caughtAt = -1;
    for (let run = 0; run < 1000 && caughtAt < 0; run++) {
      try {
        checkWasmCase(caseOf(1, run), engines);
      } catch (e) {
        assert.ok(e instanceof OracleFailure, String(e));
        assert.equal(e.collector, broken.name);
        caughtAt = run;
      }
    }
    assert.ok(caughtAt >= 0, 'not caught in 1000 runs');
  });

  test('npm run fuzz -- --target wasm finds the broken collector (exit 1, reproducer with .wasm and WAT) and replay fails on it', () => {
    const cli = path.join(ROOT, 'dist/src/cli.js');
    const collector = path.join(ROOT, 'dist/tests/brokenCollectors/forgetOuterStackRoots.js');
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'gcfuzz-wasm-broken-'));
    const r = spawnSync(process.execPath, [cli, 'fuzz', '--target', 'wasm', '--seed', '1', '--runs', '1000', '--collector', collector, '--engines', 'model,interp', '--out', out, '--json', '--minimise-runs', '30'], { cwd: ROOT, encoding: 'utf8', timeout: 600_000 });
    assert.equal(r.status, 1, r.stderr);
    const lines = r.stdout.trim().split('\n');
    const summary = JSON.parse(lines[lines.length - 1]!) as { findings: { run: number; reproducer: string }[] };
    assert.equal(summary.findings.length, 1);
    assert.ok(summary.findings[0]!.run < 1000);
    const repro = JSON.parse(fs.readFileSync(summary.findings[0]!.reproducer, 'utf8')) as { case: { wasm: string; wat: string } };
    assert.ok(repro.case.wasm.length > 0 && repro.case.wat.startsWith('(module'));
    const replay = spawnSync(process.execPath, [cli, 'replay', summary.findings[0]!.reproducer], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    assert.equal(replay.status, 1, replay.stdout + replay.stderr);
  });

  test('V8 keeps every host object the model finds reachable alive (FinalizationRegistry, --expose-gc)', () => {
    const script = `
      const { wasmCaseFromBytes } = require(${JSON.stringify(path.join(ROOT, 'dist/src/gen/wasm/wasmCaseFromBytes.js'))});
      const { wasmCaseBytesForSeed } = require(${JSON.stringify(path.join(ROOT, 'dist/src/gen/wasm/wasmCaseArbitrary.js'))});
      const { InterpreterEngine } = require(${JSON.stringify(path.join(ROOT, 'dist/oracles/engines/interpreterEngine.js'))});
      const { modelCollector } = require(${JSON.stringify(path.join(ROOT, 'dist/oracles/engines/modelGcHeap.js'))});
      const { checkV8HostLifetimes } = require(${JSON.stringify(path.join(ROOT, 'dist/oracles/engines/checkV8HostLifetimes.js'))});
      (async () => {
        const model = new InterpreterEngine({ collector: modelCollector, name: 'model' });
        let checked = 0, live = 0;
        for (let run = 0; run < 40; run++) {
          const c = wasmCaseFromBytes(wasmCaseBytesForSeed(13, run));
          const ids = model.runKeeping(c).liveHostIds;
          live += ids.size;
          if (await checkV8HostLifetimes(c, ids)) checked++;
        }
        console.log(JSON.stringify({ checked, live }));
      })().catch((e) => { console.error(e.message); process.exit(1); });`;
    const r = spawnSync(process.execPath, ['--expose-gc', '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 300_000 });
    assert.equal(r.status, 0, r.stderr);
    const res = JSON.parse(r.stdout.trim()) as { checked: number; live: number };
    assert.equal(res.checked, 40);
    assert.ok(res.live > 0, 'some host objects stay reachable');
  });
});
