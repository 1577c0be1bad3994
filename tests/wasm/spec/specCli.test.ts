import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { specMain } from '../../../src/wasm/spec/specCli';

const SCRIPT = path.resolve(__dirname, '../../../../tests/fixtures/spec/type-canon/type-canon.json');

/** Runs specMain with its output captured (it writes the per-file and total lines to stdout/stderr). */
function run(argv: readonly string[]): { code: number; out: string } {
  let out = '';
  const write = (chunk: string | Uint8Array): boolean => {
    out += String(chunk);
    return true;
  };
  const [o, e] = [process.stdout.write, process.stderr.write];
  process.stdout.write = write as typeof process.stdout.write;
  process.stderr.write = write as typeof process.stderr.write;
  try {
    return { code: specMain(argv), out };
  } finally {
    process.stdout.write = o;
    process.stderr.write = e;
  }
}

test('npm run spec: collector, zeal, fuel and verbose options run the script and end with the totals line', () => {
  for (const argv of [[SCRIPT], ['--collector', 'copying', '--zeal', '1', '--fuel', '100000', '-v', SCRIPT], ['--collector=null', '--verbose', SCRIPT]]) {
    const r = run(argv);
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /^\d+ passed, 0 failed, \d+ skipped$/m);
  }
});

test('npm run spec: --help exits 0; bad options, missing values and missing paths exit 2 with a message', () => {
  assert.equal(run(['--help']).code, 0);
  for (const [argv, message] of [
    [['--zeal'], /--zeal needs a value/],
    [['--fuel', 'x', SCRIPT], /--fuel: not a count: x/],
    [['--bogus', SCRIPT], /unknown option --bogus/],
    [['--collector', 'nope', SCRIPT], /unknown collector 'nope'/],
    [[path.join(path.dirname(SCRIPT), 'absent.json')], /no such file or folder/],
  ] as const) {
    const r = run(argv);
    assert.equal(r.code, 2, r.out);
    assert.match(r.out, message);
  }
});
