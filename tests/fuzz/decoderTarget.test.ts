import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fuzz } from '../../fuzz/decoderTarget';
import { coverageByArea } from '../../fuzz/istanbulCoverage';
import { JsfuzzWorker } from '../../fuzz/jsfuzzWorker';
import { mutatedInputs } from '../../fuzz/mutatedInputs';

const ROOT = resolve(__dirname, '../../..');
const SEEDS = join(ROOT, 'corpus/decoder');

test('the decoder target treats rejected bytes as a verdict, not a crash', () => {
  fuzz(Buffer.alloc(0));
  fuzz(Buffer.from('not a module'));
  fuzz(Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 0xff]));
  for (const f of readdirSync(SEEDS)) fuzz(readFileSync(join(SEEDS, f)));
});

test('under jsfuzz instrumentation the coverage counter rises over the decoder seeds and their mutations', async () => {
  const worker = new JsfuzzWorker(join(ROOT, 'dist/fuzz/decoderTarget.js'));
  const seeds = readdirSync(SEEDS).sort().map((f) => readFileSync(join(SEEDS, f)));
  const counters: number[] = [];
  for (const input of mutatedInputs([Buffer.alloc(0), ...seeds], 150)) {
    const c = await worker.run(input);
    assert.notEqual(c, 'crash', `input ${Buffer.from(input).toString('hex')} crashed the decoder target`);
    counters.push(c === 'crash' ? 0 : c);
  }
  const cov = await worker.stop();
  const first = counters[0] ?? 0;
  const afterSeeds = counters[seeds.length] ?? 0;
  const last = counters.at(-1) ?? 0;
  assert.ok(first > 0);
  assert.ok(afterSeeds > first, `seeds reach new code: ${first} -> ${afterSeeds}`);
  assert.ok(last >= afterSeeds, 'the counter never falls');
  const areas = coverageByArea(cov, ROOT).map((a) => a.area);
  assert.ok(areas.includes('src/wasm'), `instrumented areas: ${areas.join(', ')}`);
  assert.ok(Object.keys(cov).some((f) => f.endsWith(join('dist', 'src', 'wasm', 'validation', 'validateModule.js'))));
});
