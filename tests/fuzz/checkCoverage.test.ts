import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkDirectoryThresholds, coverageTable, readDirectoryThresholds } from '../../fuzz/checkCoverage';
import { readCoverageSummary } from '../../src/harness/nightly/coverageSummary';

function counts(total: number, covered: number) {
  return { total, covered, skipped: 0, pct: total === 0 ? 100 : (covered / total) * 100 };
}
function file(lines: [number, number], branches: [number, number] = [0, 0]) {
  return { lines: counts(...lines), statements: counts(...lines), functions: counts(1, 1), branches: counts(...branches) };
}

const root = '/repo';
const tmp = mkdtempSync(join(tmpdir(), 'gcfuzz-cov-'));
const summaryPath = join(tmp, 'coverage-summary.json');
writeFileSync(summaryPath, JSON.stringify({
  total: file([1000, 800]),
  '/repo/src/runtime/gcHeap.ts': file([100, 99], [10, 9]),
  '/repo/src/runtime/collectors/drc.ts': file([300, 285], [40, 30]),
  '/repo/src/wasm/binary/decodeModule.ts': file([200, 150]),
  '/repo/src/wasmish/x.ts': file([50, 0]),
}));

test('per-directory coverage weighs files by size and does not mix in sibling prefixes', () => {
  const c = readCoverageSummary(summaryPath, root, ['src/runtime', 'src/wasm', 'oracles']);
  assert.equal(c.directories['src/runtime']?.lines, 96); // (99 + 285) / 400
  assert.equal(c.directories['src/runtime']?.branches, 78); // 39 / 50
  assert.equal(c.directories['src/wasm']?.lines, 75, 'src/wasmish is not under src/wasm');
  assert.equal(c.directories.oracles, undefined);
  assert.equal(c.lines, 82.15); // 534 / 650, rounded down
});

test('thresholds fail per metric, and a thresholded directory with no files fails', () => {
  const c = readCoverageSummary(summaryPath, root, ['src/runtime', 'src/wasm', 'oracles']);
  assert.deepEqual(checkDirectoryThresholds(c, { 'src/runtime': { lines: 96, branches: 78 } }), []);
  assert.deepEqual(checkDirectoryThresholds(c, { 'src/runtime': { lines: 96.01 }, oracles: { lines: 1 } }), [
    { dir: 'src/runtime', metric: 'lines', actual: 96, required: 96.01 },
    { dir: 'oracles', metric: 'files', actual: 0, required: 1 },
  ]);
  assert.match(coverageTable(c, { 'src/runtime': { lines: 95 } }), /\| src\/runtime \| 96 \(min 95\) \|/);
});

test('the thresholds live in .c8rc.json under perDirectory and cover src/runtime and src/wasm', () => {
  const t = readDirectoryThresholds(join(__dirname, '../../../.c8rc.json'));
  assert.ok(t['src/runtime']?.lines !== undefined);
  assert.ok(t['src/wasm']?.lines !== undefined);
});
