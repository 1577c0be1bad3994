import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CASE_BYTES_ENV, COLLECTORS_ENV, COVERAGE_CASE_BYTES, coverageCaseBytes, coverageCollector, fuzzEntry } from '../../fuzz/fuzzEntry';
import { OracleFailure } from '../../oracles/OracleFailure';
import { opsTarget } from '../../src/harness/targets/opsTarget';

const ROOT = resolve(__dirname, '../../..');
const LEAKY = join(__dirname, 'fixtures', 'leakyCollector.js');

test('coverage-guided cases are capped per target; the decoder target gets its whole input', () => {
  const big = new Uint8Array(4096).fill(7);
  assert.equal(coverageCaseBytes('ops', big).length, COVERAGE_CASE_BYTES['ops']);
  assert.equal(coverageCaseBytes('wasm', big).length, COVERAGE_CASE_BYTES['wasm']);
  assert.equal(coverageCaseBytes('decoder', big).length, 4096);
  const small = new Uint8Array([1, 2, 3]);
  assert.deepEqual([...coverageCaseBytes('ops', small)], [1, 2, 3]);
});

test('fuzz:cov --case-bytes (CASE_BYTES_ENV) caps the ops and wasm targets only', () => {
  const big = new Uint8Array(4096).fill(7);
  process.env[CASE_BYTES_ENV] = '64';
  try {
    assert.equal(coverageCaseBytes('ops', big).length, 64);
    assert.equal(coverageCaseBytes('wasm', big).length, 64);
    assert.equal(coverageCaseBytes('decoder', big).length, 4096);
  } finally {
    delete process.env[CASE_BYTES_ENV];
  }
  assert.equal(coverageCaseBytes('ops', big).length, COVERAGE_CASE_BYTES['ops']);
});

test('every checked-in ops and wasm seed fits under the cap, so seeds run whole', () => {
  for (const t of ['ops', 'wasm']) {
    const dir = join(ROOT, 'corpus', t);
    for (const f of readdirSync(dir)) assert.ok(readFileSync(join(dir, f)).length <= (COVERAGE_CASE_BYTES[t] ?? 0), `${t}/${f}`);
  }
});

test('the input\'s last byte chooses one collector, and every collector can be chosen', () => {
  const sel = ['null', 'drc', 'copying', 'incremental'];
  assert.deepEqual(coverageCollector(['drc'], new Uint8Array([5])), ['drc']);
  assert.deepEqual(coverageCollector(sel, new Uint8Array(0)), ['null']);
  const chosen = new Set<string>();
  for (let b = 0; b < 256; b++) {
    const c = coverageCollector(sel, new Uint8Array([9, 9, b]));
    assert.equal(c.length, 1);
    chosen.add(c[0]!);
  }
  assert.deepEqual([...chosen].sort(), [...sel].sort());
  // The same input always picks the same collector (jsfuzz's coverage feedback relies on it).
  assert.deepEqual(coverageCollector(sel, new Uint8Array([1, 2, 6])), coverageCollector(sel, new Uint8Array([1, 2, 6])));
});

test('the cheap exec still fails on a broken collector: the leaky collector fails a checked-in seed through fuzzEntry', () => {
  const before = process.env[COLLECTORS_ENV];
  process.env[COLLECTORS_ENV] = LEAKY;
  try {
    const fuzz = fuzzEntry(opsTarget);
    const seeds = readdirSync(join(ROOT, 'corpus/ops')).sort().map((f) => readFileSync(join(ROOT, 'corpus/ops', f)));
    const failures = seeds.filter((s) => {
      try {
        fuzz(s);
        return false;
      } catch (e) {
        if (!(e instanceof OracleFailure)) throw e;
        return e.oracle === 'leak';
      }
    });
    assert.ok(failures.length > 0, 'some seed leaks on the leaky collector');
  } finally {
    if (before === undefined) delete process.env[COLLECTORS_ENV];
    else process.env[COLLECTORS_ENV] = before;
  }
});

test('an exec captures no stacks, keeps errors typed, and restores Error.stackTraceLimit even when it throws', () => {
  const before = Error.stackTraceLimit;
  let inside: Error | undefined;
  const throwing = { ...opsTarget, run: () => {
    inside = new OracleFailure('leak', 0, 'x', 'y');
    throw inside;
  } };
  const fuzz = fuzzEntry(throwing);
  assert.throws(() => fuzz(Buffer.from([1, 2, 3])), (e) => e instanceof OracleFailure && e.oracle === 'leak');
  assert.equal(Error.stackTraceLimit, before);
  assert.ok(inside !== undefined && !/\n\s+at /.test(inside.stack ?? ''), inside?.stack);
  assert.ok(/\n\s+at /.test(new Error('after').stack ?? ''));
});
