import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import test from 'node:test';
import { ROOT } from './fuzzCli';

test('renamedBuiltinDrc (a built-in whose name no longer names it): the fuzz CLI refuses it before any case, since its reproducers would not replay', () => {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'dist/src/cli.js'), 'fuzz', '--target', 'ops', '--collector', 'dist/tests/brokenCollectors/renamedBuiltinDrc.js', '--seed', '1', '--runs', '1', '--out', fs.mkdtempSync(path.join(os.tmpdir(), 'renamed-builtin-'))], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(r.status, 2, r.stdout + r.stderr);
  assert.match(r.stderr, /collectors \(drc-renamed\) would not replay: unknown collector 'drc-renamed'/);
});
