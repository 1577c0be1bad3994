import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { opCaseFromBytes } from '../../../src/gen/ops/opCaseFromBytes';
import type { OpKind } from '../../../src/gen/ops/opCase';

const SEEDS = join(resolve(__dirname, '../../../..'), 'corpus/ops');

/** The words of a named corpus/ops seed and the op kinds each promises (`seed-NN.bin` files promise nothing). */
const WORDS: Readonly<Record<string, readonly OpKind[]>> = {
  cast: ['cast'], hostdata: ['hostData'], writenum: ['writeNum'], nogc: ['enterNoGc'], drop: ['drop'], read: ['read'],
  reset: ['reset'], frames: ['pushFrame'], forge: ['forge'], gc: ['gc'], scoped: ['enterScope'], scopes: ['enterScope'],
  sliced: ['gcSliced'], tablegrow: ['tableGrow'], fill: ['tableFill'], partialinit: ['newStructInit'], copy: ['arrayCopy'],
  writeref: ['writeRef'], arraylen: ['arrayLen'],
};

test('each named corpus/ops seed decodes to the op kinds and op count its name says (names go false when the generator changes)', () => {
  const named = readdirSync(SEEDS).filter((f) => !f.startsWith('seed-'));
  assert.ok(named.length >= 5, `named seeds: ${named.join(', ')}`);
  for (const f of named) {
    const m = /^([a-z-]+)-(\d+)ops\.bin$/.exec(f);
    assert.ok(m, `${f}: named <words>-<N>ops.bin`);
    const c = opCaseFromBytes(readFileSync(join(SEEDS, f)));
    assert.equal(c.ops.length, Number(m[2]), `${f}: op count`);
    const kinds = new Set(c.ops.map((o) => o.op));
    for (const w of m[1]!.split('-')) {
      const want = WORDS[w];
      assert.ok(want, `${f}: unknown word ${w}`);
      for (const k of want) assert.ok(kinds.has(k), `${f}: no ${k} op`);
    }
  }
});
