import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fuzz } from '../../fuzz/wasmTarget';

const SEEDS = join(resolve(__dirname, '../../..'), 'corpus/wasm');

test('every checked-in wasm seed decodes to a program that passes every engine and oracle', () => {
  const seeds = readdirSync(SEEDS).sort();
  assert.ok(seeds.length >= 3, 'corpus/wasm holds a handful of seeds');
  for (const f of seeds) fuzz(readFileSync(join(SEEDS, f)));
});
