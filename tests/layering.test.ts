import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

test('src/ never imports from fuzz/ (the CLI and harness stand without the jsfuzz driver)', () => {
  const offenders = sources(path.join(ROOT, 'src')).filter((f) => /from '(\.\.\/)+fuzz\//.test(fs.readFileSync(f, 'utf8')));
  assert.deepEqual(offenders.map((f) => path.relative(ROOT, f)), []);
});

test('src/runtime never imports the CLI\'s UsageError (runtime errors stay runtime errors)', () => {
  const offenders = sources(path.join(ROOT, 'src/runtime')).filter((f) => fs.readFileSync(f, 'utf8').includes('errors/UsageError'));
  assert.deepEqual(offenders.map((f) => path.relative(ROOT, f)), []);
});
