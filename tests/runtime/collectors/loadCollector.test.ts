import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadCollector } from '../../../src/runtime/collectors/loadCollector';
import { builtinCollectors } from '../../../src/runtime/collectors/builtinCollectors';
import { Store } from '../../../src/runtime/store';
import { CollectorLoadError } from '../../../src/errors/CollectorLoadError';
import { exitCodeForError } from '../../../src/errors/exitCodes';

const collectorsDir = path.resolve(__dirname, '../../../src/runtime/collectors');

describe('loadCollector', () => {
  test('built-in names', () => {
    for (const name of ['null', 'drc', 'copying'] as const) assert.equal(loadCollector(name), builtinCollectors[name]);
  });

  test('PATH:N is a module\'s incremental collector with zeal period N (0: off); a collector without one is refused', () => {
    const file = path.join(collectorsDir, 'incrementalCollector.js');
    const off = loadCollector(`${file}:0`);
    assert.equal(off.name, 'incremental:0');
    assert.equal(off.incrementalZeal, undefined);
    assert.equal(off.mutatorRunsBetweenIncrements, true);
    const every5 = loadCollector(`${file}:5`);
    assert.equal(every5.incrementalZeal?.every, 5);
    assert.equal(every5.incrementalZeal?.maxBudget, builtinCollectors.incremental.incrementalZeal?.maxBudget);
    const store = new Store({ collector: off });
    assert.equal(store.heap.isMarking?.(), false);
    assert.throws(() => loadCollector(`${path.join(collectorsDir, 'drcCollector.js')}:0`), CollectorLoadError);
  });

  test('a module path with a default export or a collector export', () => {
    assert.equal(loadCollector(path.join(collectorsDir, 'nullCollector.js')), builtinCollectors.null);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcfuzz-collector-'));
    try {
      const file = path.join(dir, 'mine.js');
      fs.writeFileSync(file, `const drc = require(${JSON.stringify(path.join(collectorsDir, 'drcCollector.js'))}).drcCollector;\n`
        + `module.exports.collector = { ...drc, name: 'mine', newGcHeap: (c) => drc.newGcHeap(c) };\n`);
      const mine = loadCollector(file);
      assert.equal(mine.name, 'mine');
      const store = new Store({ collector: mine });
      const r = store.allocExternref(1);
      assert.equal(store.hostData.size, 1);
      store.heap.dropGcRef(store.hostData, r); // the owned count goes away: DRC frees it at once
      assert.equal(store.hostData.size, 0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('bad names, paths and modules are CollectorLoadErrors (a runtime error, not the CLI\'s UsageError)', () => {
    assert.throws(() => loadCollector('mark-sweep'), CollectorLoadError);
    assert.throws(() => loadCollector('./no/such/collector.js'), CollectorLoadError);
    assert.throws(() => loadCollector(path.join(collectorsDir, 'builtinCollectors.js')), CollectorLoadError);
    assert.equal(exitCodeForError(new CollectorLoadError('x')), 2);
    assert.equal(exitCodeForError(new Error('x')), 3);
  });
});
