import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'node:test';
import { loadMutationScores } from '../../../src/harness/mutation/loadMutationScores';
import { mutateTarget } from '../../../src/harness/mutation/mutateTarget';

test('a line-range run has its own score key, report directory and Stryker temp dir', () => {
  const whole = mutateTarget('src/runtime/collectors/drcHeap.ts');
  const range = mutateTarget('src/runtime/collectors/drcHeap.ts:339-346');
  assert.deepEqual([whole.path, whole.range, whole.key], ['src/runtime/collectors/drcHeap.ts', null, 'src/runtime/collectors/drcHeap.ts']);
  assert.deepEqual([range.path, range.range, range.key], ['src/runtime/collectors/drcHeap.ts', '339-346', 'src/runtime/collectors/drcHeap.ts:339-346']);
  assert.equal(whole.tempDir, '.stryker-tmp-src_runtime_collectors_drcHeap.ts');
  assert.equal(range.tempDir, '.stryker-tmp-src_runtime_collectors_drcHeap.ts_339-346');
  assert.equal(range.slug, 'src_runtime_collectors_drcHeap.ts_339-346');
  const temps = ['src/runtime/gcRef.ts', 'src/runtime/gcRef.ts:1-9', 'src/runtime/gcRef.ts:1-10', 'src/runtime/freeList.ts'].map((f) => mutateTarget(f).tempDir);
  assert.equal(new Set(temps).size, temps.length, 'every file and range gets a temp dir of its own');
});

test('the scores file keeps range scores under their own key; only the mutation run reads them back', () => {
  const dir = mkdtempSync(join(tmpdir(), 'scores-'));
  try {
    const file = join(dir, 'scores.json');
    const scores = [
      { file: 'src/runtime/x.ts', killed: 9, survived: 1 },
      { file: 'src/runtime/x.ts:10-20', killed: 2, survived: 0 },
    ];
    writeFileSync(file, JSON.stringify(scores));
    assert.deepEqual(loadMutationScores(file), [scores[0]], 'the nightly table sums whole files only');
    assert.deepEqual(loadMutationScores(file, { ranges: true }), scores);
  } finally {
    rmSync(dir, { recursive: true });
  }
});
