import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { minimiseCorpus } from '../../fuzz/minimiseCorpus';

test('minimisation keeps the smallest input per new coverage and drops redundant, oversized and crashing ones', async () => {
  const base = mkdtempSync(join(tmpdir(), 'gcfuzz-min-'));
  const dir = join(base, 'grown');
  mkdirSync(dir);
  writeFileSync(join(base, 'seed'), 'ab');
  writeFileSync(join(dir, 'same-as-seed'), 'cd');
  writeFileSync(join(dir, 'long-1'), '123456789');
  writeFileSync(join(dir, 'long-2'), '1234567890');
  writeFileSync(join(dir, 'crash'), 'CRASH! now');
  writeFileSync(join(dir, 'too-big'), 'x'.repeat(100));
  const r = await minimiseCorpus({ target: join(__dirname, 'fixtures', 'crashOnMagic.js'), seeds: [join(base, 'seed')], dir, maxBytes: 64 });
  assert.deepEqual(readdirSync(dir).sort(), ['long-1']);
  assert.deepEqual({ kept: r.kept, redundant: r.redundant, tooBig: r.tooBig, crashing: r.crashing, bytes: r.bytes }, { kept: 1, redundant: 2, tooBig: 1, crashing: 1, bytes: 9 });
});
