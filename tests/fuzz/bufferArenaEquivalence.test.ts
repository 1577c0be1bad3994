import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ResizableBufferArena, withBufferArena } from '../../src/runtime/resizableArrayBuffer';
import { resolveCollectors } from '../../src/harness/resolveCollectors';
import { opsTarget } from '../../src/harness/targets/opsTarget';
import { wasmTarget } from '../../src/harness/targets/wasmTarget';
import { runOpCase, type OpRunMode, type OpRunResult } from '../../src/harness/targets/ops/runOpCase';
import { OracleFailure } from '../../oracles/OracleFailure';

const ROOT = resolve(__dirname, '../../..');
const seeds = (t: string): Uint8Array[] => readdirSync(join(ROOT, 'corpus', t)).sort().map((f) => new Uint8Array(readFileSync(join(ROOT, 'corpus', t, f))));

/** A run's result, or the failing oracle's name and message: what a verdict is made of. */
function outcome<T>(run: () => T): T | { failed: string } {
  try {
    return run();
  } catch (e) {
    return { failed: e instanceof OracleFailure ? `${e.oracle}: ${e.message}` : String(e) };
  }
}

test('op cases on buffers lent again by the exec arena give the same traces, addresses, fingerprints and verdicts as on fresh buffers', () => {
  const arena = new ResizableBufferArena();
  const { collectors } = resolveCollectors('all');
  let compared = 0;
  for (const bytes of seeds('ops')) {
    const c = opsTarget.fromBytes(bytes);
    for (const collector of collectors) {
      for (const mode of ['lockstep', 'full-gc-reference'] as OpRunMode[]) {
        const fresh = outcome<OpRunResult>(() => runOpCase(c, { collector, mode }));
        // Twice in the arena: the second run gets the buffers the first one dirtied.
        for (let k = 0; k < 2; k++) {
          const reused = withBufferArena(arena, () => outcome<OpRunResult>(() => runOpCase(c, { collector, mode })));
          assert.deepEqual(reused, fresh, `${collector.name} ${mode} run ${k}`);
          compared++;
        }
      }
    }
  }
  assert.ok(compared >= 15 * 4 * 2 * 2, String(compared));
});

test('Wasm cases in the exec arena give the same verdicts as outside it', () => {
  const arena = new ResizableBufferArena();
  const { collectors } = resolveCollectors('all');
  for (const bytes of seeds('wasm')) {
    const c = wasmTarget.fromBytes(bytes);
    const fresh = outcome(() => wasmTarget.run(c, collectors));
    for (let k = 0; k < 2; k++) assert.deepEqual(withBufferArena(arena, () => outcome(() => wasmTarget.run(c, collectors))), fresh);
  }
});
