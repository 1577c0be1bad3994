import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { replayReproducer } from '../../src/harness/replayReproducer';

const dir = path.resolve(__dirname, '../../../corpus/regressions');

test('every minimised regression in corpus/regressions passes every oracle on the collectors it names', () => {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  assert.ok(files.length >= 5, `only ${files.length} regression files`);
  for (const f of files) {
    const { failure, reproducer } = replayReproducer(path.join(dir, f));
    assert.equal(failure, null, `${f} (${reproducer.message}) fails again: ${failure?.message ?? ''}`);
  }
});
