import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { coverageByArea } from '../../fuzz/istanbulCoverage';
import { JsfuzzWorker } from '../../fuzz/jsfuzzWorker';
import { mutatedInputs } from '../../fuzz/mutatedInputs';

const ROOT = resolve(__dirname, '../../..');
const SEEDS = join(ROOT, 'corpus/ops');

test('coverage feedback from the ops target reaches the runtime: the counter rises and src/runtime is instrumented', async () => {
  const worker = new JsfuzzWorker(join(ROOT, 'dist/fuzz/opsTarget.js'), { GCFUZZ_COLLECTORS: 'all' });
  const seeds = readdirSync(SEEDS).sort().map((f) => readFileSync(join(SEEDS, f)));
  assert.ok(seeds.length >= 3, 'corpus/ops holds a handful of seeds');
  const counters: number[] = [];
  for (const input of [Buffer.alloc(0), ...seeds]) {
    const c = await worker.run(input);
    assert.notEqual(c, 'crash', 'the checked-in seeds pass every oracle');
    counters.push(c === 'crash' ? 0 : c);
  }
  // Mutations may find a real bug; the worker then stops, which ends this loop but not the test.
  let mutationsRun = 0;
  for (const input of mutatedInputs(seeds, 60, 7)) {
    const c = await worker.run(input).catch(() => 'crash' as const);
    if (c === 'crash') break;
    counters.push(c);
    mutationsRun++;
  }
  const cov = await worker.stop();
  const first = counters[0] ?? 0;
  const afterSeeds = counters[seeds.length] ?? 0;
  assert.ok(afterSeeds > first, `seeds reach new code: ${first} -> ${afterSeeds}`);
  for (let i = 1; i < counters.length; i++) assert.ok((counters[i] ?? 0) >= (counters[i - 1] ?? 0), 'the counter never falls');
  const runtimeFiles = Object.keys(cov).filter((f) => f.includes(`${sep}dist${sep}src${sep}runtime${sep}`));
  assert.ok(runtimeFiles.some((f) => f.includes(`collectors${sep}drcHeap.js`)), `instrumented runtime files: ${runtimeFiles.length}`);
  const runtime = coverageByArea(cov, ROOT).find((a) => a.area === 'src/runtime');
  assert.ok(runtime && runtime.statements.hit > runtime.statements.total / 2, `most runtime statements are hit: ${runtime?.statements.hit}/${runtime?.statements.total} after ${mutationsRun} mutations`);
});
