import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { getTarget } from '../../src/harness/targetRegistry';
import { replayReproducer } from '../../src/harness/replayReproducer';
import { writeReproducer, type Reproducer } from '../../src/harness/reproducer';
import { firstDifference } from '../../src/harness/exactReplay';
import { UsageError } from '../../src/errors/UsageError';

const ROOT = path.resolve(__dirname, '../../..');
const ops = getTarget('ops');

type Json = Record<string, unknown>;

/** The first object (depth first) inside op `at` with a numeric `key`, or null. */
function holder(op: unknown, key: string): Json | null {
  if (typeof op !== 'object' || op === null) return null;
  if (typeof (op as Json)[key] === 'number') return op as Json;
  for (const v of Object.values(op)) {
    const h = holder(v, key);
    if (h !== null) return h;
  }
  return null;
}

/** Index of the first op holding a numeric `key` (a handle `h`, a field `f`) somewhere inside it. */
const opWith = (c: Json, key: string): number => (c['ops'] as unknown[]).findIndex((o) => holder(o, key) !== null);

/** A generated op case naming a handle and a struct field, as a reproducer file would hold it. */
function generatedCase(): Json {
  for (let seed = 1; seed < 500; seed++) {
    const c = JSON.parse(JSON.stringify(ops.serialise(fc.sample(ops.arbitrary({}), { seed, numRuns: 1 })[0]))) as Json;
    if (opWith(c, 'h') >= 0 && opWith(c, 'f') >= 0) return c;
  }
  throw new Error('no generated case with a handle op and a field op');
}

function reproducerWith(c: unknown): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gcfuzz-exact-')), 'r.json');
  const r: Reproducer = {
    format: 'gcfuzz-reproducer', version: 1, target: 'ops', collector: 'drc', collectors: ['drc'], collectorPaths: {}, seed: 1, run: 0, caseSeed: 0,
    oracle: 'leak', opIndex: 0, message: 'm', minimised: true, originalSize: 1, size: 1, replay: 'x', case: c,
  };
  writeReproducer(file, r);
  return file;
}

test('a generated case replays as written: fixup changes nothing', () => {
  const c = generatedCase();
  assert.doesNotThrow(() => replayReproducer(reproducerWith(c)));
});

test('an edited op case that fixup would change is rejected, naming the first differing field', () => {
  const c = generatedCase();
  const hAt = opWith(c, 'h');
  const fAt = opWith(c, 'f');
  const at = (x: Json, i: number): unknown => (x['ops'] as unknown[])[i];
  const edits: [string, (x: Json) => void, RegExp][] = [
    ['handle 99', (x) => (holder(at(x, hAt), 'h')!['h'] = 99), new RegExp(`case\\.ops\\[${hAt}\\]`)],
    ['field 99 of a struct', (x) => (holder(at(x, fAt), 'f')!['f'] = 99), new RegExp(`case\\.ops\\[${fAt}\\]`)],
    ['unknown op', (x) => (x['ops'] as unknown[]).splice(0, 0, { op: 'teleport', h: 0 }), /case\.ops\[0\]/],
    ['heapBytes -5', (x) => ((x['config'] as Record<string, unknown>)['heapBytes'] = -5), /case\.config\.heapBytes is -5/],
    ['heapBytes 2^40', (x) => ((x['config'] as Record<string, unknown>)['heapBytes'] = 2 ** 40), /case\.config\.heapBytes is 1099511627776/],
    ['a stray field', (x) => ((at(x, 0) as Json)['extra'] = 1), /case\.ops\[0\]\.extra is 1 but a valid ops case has absent/],
  ];
  for (const [what, edit, names] of edits) {
    const edited = structuredClone(c);
    edit(edited);
    assert.throws(() => replayReproducer(reproducerWith(edited)), (e: unknown) => e instanceof UsageError && names.test(e.message), what);
  }
  // Through the CLI: exit 2, the path on stderr (before: "fixed", exit 0).
  const edited = structuredClone(c);
  holder(at(edited, hAt), 'h')!['h'] = 99;
  const r = spawnSync(process.execPath, [path.join(ROOT, 'dist/src/cli.js'), 'replay', reproducerWith(edited)], { encoding: 'utf8' });
  assert.equal(r.status, 2, r.stdout);
  assert.match(r.stderr, new RegExp(`case\\.ops\\[${hAt}\\]`));
});

test('firstDifference walks arrays and objects in written order', () => {
  assert.equal(firstDifference({ a: [1, 2, { b: 3 }] }, { a: [1, 2, { b: 3 }] }, 'case'), null);
  assert.deepEqual(firstDifference({ a: [1, 2, { b: 3 }] }, { a: [1, 2, { b: 4 }] }, 'case'), { path: 'case.a[2].b', written: 3, fixed: 4 });
  assert.equal(firstDifference([1, 2], [1], 'x')?.path, 'x[1]');
  assert.equal(firstDifference({ 'a-b': 1 }, {}, 'x')?.path, 'x["a-b"]');
});
