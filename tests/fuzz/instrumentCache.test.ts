import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cachingInstrumenter, type Instrumenter } from '../../fuzz/instrumentCache';

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
