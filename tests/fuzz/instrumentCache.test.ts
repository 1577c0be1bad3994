import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cachingInstrumenter, COVERAGE_FEEDBACK_DIRS, feedbackDirs, INSTRUMENT_ONLY_ENV, instrumentCacheEnv, onlyUnder, type Instrumenter } from '../../fuzz/instrumentCache';

function counting(): Instrumenter & { calls: string[] } {
  const calls: string[] = [];
  return { calls, instrumentSync: (code, filename) => (calls.push(filename), `/*instrumented ${filename}*/${code}`) };
}

test('the instrumentation cache instruments each (file, source) once and returns the same text', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gcfuzz-icache-'));
  try {
    const inner = counting();
    const a = cachingInstrumenter(inner, dir, 'v1');
    const first = a.instrumentSync('x = 1;', '/p/a.js');
    assert.equal(a.instrumentSync('x = 1;', '/p/a.js'), first);
    // a new process (a new wrapper over the same directory) reads the file instead of instrumenting
    const inner2 = counting();
    assert.equal(cachingInstrumenter(inner2, dir, 'v1').instrumentSync('x = 1;', '/p/a.js'), first);
    assert.deepEqual(inner2.calls, []);
    // another file name, other source, or another istanbul version/options are other entries
    a.instrumentSync('x = 1;', '/p/b.js');
    a.instrumentSync('x = 2;', '/p/a.js');
    cachingInstrumenter(inner, dir, 'v2').instrumentSync('x = 1;', '/p/a.js');
    assert.deepEqual(inner.calls, ['/p/a.js', '/p/b.js', '/p/a.js', '/p/a.js']);
    assert.equal(readdirSync(dir).filter((f) => f.endsWith('.js')).length, 4);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('with a feedback list, only modules under those directories are instrumented; others load as written', () => {
  const inner = counting();
  const dirs = feedbackDirs('/r');
  assert.deepEqual(dirs, COVERAGE_FEEDBACK_DIRS.map((d) => `/r/dist/${d}/`));
  const only = onlyUnder(inner, dirs);
  assert.equal(only.instrumentSync('x = 1;', '/r/dist/src/runtime/store.js'), '/*instrumented /r/dist/src/runtime/store.js*/x = 1;');
  assert.equal(only.instrumentSync('y = 2;', '/r/dist/src/wasm/binary/decodeModule.js'), '/*instrumented /r/dist/src/wasm/binary/decodeModule.js*/y = 2;');
  for (const f of ['/r/dist/oracles/checkDifferential.js', '/r/dist/src/harness/runCase.js', '/r/node_modules/fast-check/lib/fast-check.js', '/r/dist/src/runtimeX/a.js']) {
    assert.equal(only.instrumentSync('z = 3;', f), 'z = 3;', f);
  }
  assert.deepEqual(inner.calls, ['/r/dist/src/runtime/store.js', '/r/dist/src/wasm/binary/decodeModule.js']);
  // the list reaches jsfuzz's processes through the environment only when given
  assert.deepEqual(JSON.parse(instrumentCacheEnv('/c', dirs)[INSTRUMENT_ONLY_ENV]!), dirs);
  assert.equal(instrumentCacheEnv('/c')[INSTRUMENT_ONLY_ENV], undefined);
});
