import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { EXPECTED, runFloatBitsProgram } from './floatBitsProgram';
import { COLLECTORS } from './moduleBuilder';

const expected = Object.fromEntries(Object.entries(EXPECTED).map(([k, v]) => [k, [v]]));

test('NaN payloads of f64.const, f32 bits, globals, fields, locals and memory are exact, and arithmetic NaNs the same, every call on every collector', () => {
  for (const collector of COLLECTORS) assert.deepEqual(runFloatBitsProgram(100, collector), expected, collector);
});

test('the same under node --no-lazy-feedback-allocation (issue #12: (i64.reinterpret_f64 (f64.const -nan:0xffffffffffff7)) is -9)', () => {
  const script = path.join(__dirname, 'floatBitsProgram.js');
  for (const flags of [['--no-lazy-feedback-allocation'], ['--no-lazy-feedback-allocation', '--no-opt']]) {
    const r = spawnSync(process.execPath, [...flags, script, '50'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), expected, `node ${flags.join(' ')}`);
  }
});
