import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readReproducer } from '../../src/harness/reproducer';

/**
 * The exception-handling broken collectors (issue #14), each caught through the real command line
 * on the wasm target (`fuzz --target wasm --collector PATH`) by the oracle its bug belongs to,
 * within a bounded number of runs of seed 1: exit 1, a minimised reproducer, and its replay
 * failing the same way. V8 is left out (`--engines interp,model`): these bugs are in the
 * collectors, and the model heap is the reference the differential needs.
 */
const root = path.resolve(__dirname, '../../..');
const cli = path.join(root, 'dist/src/cli.js');
const BOUND = 200;
const cases: readonly [module: string, oracles: readonly string[]][] = [
  // Wasmtime #13316's shape: the store's pending exception is not a root; the host's collection
  // before it inspects an uncaught exception frees it.
  ['forgetPendingException', ['dangling']],
  // An exception object's payload refs are never released when it dies.
  ['exnPayloadLeakingDrc', ['leak']],
  // Wasmtime #13330's shape: an exnref stored into a global/table/field/element is not counted, so
  // it is freed while still held: a use after free, which the program-heap walk reports as a
  // dangling ref, or the final collection as a sandbox violation when it touches the freed object first.
  ['exnrefBarrierSkippingDrc', ['dangling', 'sandbox']],
];

for (const [module, oracles] of cases) {
  test(`${module}: fuzz --target wasm reports ${oracles.join(' or ')} within ${BOUND} runs of seed 1, and the reproducer replays`, () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'gcfuzz-exn-broken-'));
    const modulePath = path.join('dist/tests/brokenCollectors', `${module}.js`);
    const r = spawnSync(process.execPath, [cli, 'fuzz', '--target', 'wasm', '--engines', 'interp,model', '--seed', '1', '--runs', String(BOUND), '--workers', '1', '--collector', modulePath, '--out', out, '--json'], { cwd: root, encoding: 'utf8' });
    assert.equal(r.status, 1, r.stdout + r.stderr);
    const summary = JSON.parse(r.stdout.trim().split('\n').pop()!) as { findings: { oracle: string; run: number; reproducer: string }[] };
    const f = summary.findings[0]!;
    assert.ok(oracles.includes(f.oracle), JSON.stringify(f));
    const oracle = f.oracle;
    assert.ok(f.run < BOUND);
    const rep = readReproducer(f.reproducer);
    assert.equal(rep.oracle, oracle);
    assert.equal(rep.minimised, true);
    assert.ok(rep.size <= 30, `minimised to ${rep.size} instructions`);
    const replay = spawnSync(process.execPath, [cli, 'replay', f.reproducer], { cwd: root, encoding: 'utf8' });
    assert.equal(replay.status, 1, replay.stdout + replay.stderr);
    assert.match(replay.stdout, new RegExp(`still failing: \\[${oracle}\\]`));
    fs.rmSync(out, { recursive: true, force: true });
  });
}
