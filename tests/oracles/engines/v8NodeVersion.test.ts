import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Repo root, from dist/tests/oracles/engines. */
const ROOT = path.resolve(__dirname, '../../../..');
const PROBE = 'process.stdout.write(String(WebAssembly.validate(new Uint8Array([0,0x61,0x73,0x6d,1,0,0,0,1,3,1,0x5f,0]))))';

/** A `node` on PATH whose V8 lacks Wasm GC (CI's system Node 20), if any. */
function nodeWithoutWasmGc(): string | undefined {
  for (const dir of (process.env['PATH'] ?? '').split(path.delimiter)) {
    const bin = path.join(dir, 'node');
    if (!fs.existsSync(bin)) continue;
    const r = spawnSync(bin, ['-e', PROBE], { encoding: 'utf8' });
    if (r.status === 0 && r.stdout === 'false') return bin;
  }
  return undefined;
}

// Issue #12: on a Node whose V8 lacks Wasm GC the wasm target stops with a usage error naming the
// Node version, before any case runs, instead of reporting every case as a V8 finding.
test('the wasm target on a Node without Wasm GC exits 2 naming the Node version', (t) => {
  const bin = nodeWithoutWasmGc();
  if (bin === undefined) {
    t.skip('no Node without Wasm GC on PATH');
    return;
  }
  const version = spawnSync(bin, ['-p', 'process.version'], { encoding: 'utf8' }).stdout.trim();
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'gcfuzz-node-'));
  const r = spawnSync(bin, ['dist/src/cli.js', 'fuzz', '--target', 'wasm', '--seed', '1', '--runs', '5', '--out', out], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(r.status, 2, r.stdout + r.stderr);
  assert.match(r.stderr, new RegExp(`Node ${version.replace(/\./g, '\\.')}`));
  assert.doesNotMatch(r.stdout + r.stderr, /FINDING|INITED/);
  assert.deepEqual(fs.readdirSync(out), []);
  // Without V8 the same Node runs the cases.
  const ok = spawnSync(bin, ['dist/src/cli.js', 'fuzz', '--target', 'wasm', '--seed', '1', '--runs', '2', '--engines', 'interp,model', '--out', out], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(ok.status, 0, ok.stdout + ok.stderr);
});
