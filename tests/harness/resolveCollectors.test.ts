import assert from 'node:assert/strict';
import * as path from 'node:path';
import test from 'node:test';
import { resolveCollectorList, resolveCollectors } from '../../src/harness/resolveCollectors';

const ROOT = path.resolve(__dirname, '../../..');

test('resolveCollectors: every way to name a collector comes back under the name a reproducer records', () => {
  const module = path.join(ROOT, 'dist/src/runtime/collectors/incrementalCollector.js');
  for (const [spec, names] of [
    ['all', ['null', 'drc', 'copying', 'incremental']],
    ['all:3', ['null', 'drc', 'copying', 'incremental:3']],
    ['incremental:3', ['incremental:3']],
    [`${module}:5`, ['incremental:5']],
  ] as const) {
    const s = resolveCollectors(spec);
    assert.deepEqual(s.collectors.map((c) => c.name), names);
    assert.deepEqual(resolveCollectorList(names, s.paths, ROOT).map((c) => c.name), names);
  }
  // The zeal variant is one object per name, so the CLI knows it for a built-in (no path recorded).
  assert.deepEqual(resolveCollectors('incremental:3').paths, {});
  assert.deepEqual(resolveCollectors(`${module}:5`).paths, { 'incremental:5': `${module}:5` });
});
