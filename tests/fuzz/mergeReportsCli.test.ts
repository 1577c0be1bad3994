import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finding, syntheticSummary } from '../harness/nightly/syntheticSummary';

const CLI = join(__dirname, '../../fuzz/mergeReports.js');

/** A shard's report directory as a downloaded artifact holds it: summary.json and crashes/. */
function shardDir(base: string, i: number, n: number, runOfLeak: number): string {
  const name = `2026-11-21-shard${i}of${n}`;
  const dir = join(base, `nightly-shard-${i}`, name);
  const rel = `reports/nightly/${name}/crashes/leak-run${runOfLeak}.json`;
  mkdirSync(join(dir, 'crashes'), { recursive: true });
  writeFileSync(join(dir, 'crashes', `leak-run${runOfLeak}.json`), JSON.stringify({ oracle: 'leak', size: runOfLeak, opIndex: 0, case: { ops: [{ op: 'drop', h: runOfLeak }] } }));
  const s = syntheticSummary('2026-11-21', 1, {
    shards: [`${i}/${n}`],
    findings: [finding({ shard: `${i}/${n}`, size: runOfLeak, message: `[leak] drc at op ${runOfLeak}: expected ${runOfLeak} live objects, got ${runOfLeak + 1}`, reproducer: rel, replay: `npm run replay -- ${rel}` })],
  });
  writeFileSync(join(dir, 'summary.json'), JSON.stringify({ ...s, jobs: s.jobs.map((j) => ({ ...j, shards: [`${i}/${n}`] })) }));
  return dir;
}

test('merge-reports groups one bug from two shards, copies the reproducers beside the report and exits 1', () => {
  const base = mkdtempSync(join(tmpdir(), 'gcfuzz-merge-'));
  try {
    const out = join(base, 'merged');
    const r = spawnSync(process.execPath, [CLI, shardDir(base, 1, 2, 9), shardDir(base, 2, 2, 4), '--out', out], { encoding: 'utf8' });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /2 findings in 1 distinct bug/);
    const merged = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { findings: { reproducer: string; replay: string }[] };
    for (const f of merged.findings) {
      assert.ok(f.reproducer.endsWith('.json') && f.reproducer.includes('merged/crashes/shard'), f.reproducer);
      assert.ok(f.replay.endsWith(f.reproducer));
    }
    assert.ok(existsSync(join(out, 'crashes', 'shard2of2-leak-run4.json')));
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    assert.match(html, /seen 2× in 2 shards/);
    assert.match(html, /shard2of2-leak-run4\.json/, 'the smallest reproducer (size 4) represents the bug');
    assert.match(readFileSync(join(base, 'latest.md'), 'utf8'), /2× `leak \| drc \| writeRef \|/);
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
});

test('merge-reports --help exits 0; a missing summary exits 2', () => {
  assert.equal(spawnSync(process.execPath, [CLI, '--help'], { encoding: 'utf8' }).status, 0);
  const r = spawnSync(process.execPath, [CLI, join(tmpdir(), 'no-such-gcfuzz-dir')], { encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /no summary at/);
});
