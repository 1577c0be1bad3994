import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CLI = join(__dirname, '../../fuzz/nightly.js');

test('nightly: a --collectors entry that is neither built in nor a file, or a bad --shard, exits 2 before any job', () => {
  const out = mkdtempSync(join(tmpdir(), 'gcfuzz-nightly-'));
  try {
    for (const [args, message] of [
      [['--collectors', 'drc', 'no-such-collector.js'], /--collectors: no-such-collector\.js is neither a built-in collector/],
      [['--shard', '5/4'], /--shard: i must be between 1 and N/],
    ] as const) {
      const r = spawnSync(process.execPath, [CLI, '--time', '5', '--out', out, '--no-coverage', ...args], { encoding: 'utf8' });
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, message);
      assert.doesNotMatch(r.stderr, /INITED/, 'no job started');
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
