import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runScripts } from '../../src/ci/lintWorkflows';

const WORKFLOW = readFileSync(join(__dirname, '../../../.github/workflows/nightly.yml'), 'utf8');

/** The plan job's validation script, run by bash as the runner would, with the inputs in env. */
function plan(inputs: { shards?: string; time?: string; mutation?: string }): { status: number | null; outputs: Record<string, string>; stdout: string } {
  const lines = WORKFLOW.split('\n');
  const start = lines.findIndex((l) => l.includes('name: Validate inputs and list the shards'));
  const script = runScripts(WORKFLOW).find((s) => s.line > start);
  assert.ok(script, 'the plan step has a run: script');
  const dir = mkdtempSync(join(tmpdir(), 'gcfuzz-plan-'));
  try {
    const out = join(dir, 'output');
    const r = spawnSync('bash', ['-e', '-c', script.lines.map((l) => l.text).join('\n')], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', GITHUB_OUTPUT: out, INPUT_SHARDS: inputs.shards ?? '', INPUT_TIME: inputs.time ?? '', INPUT_MUTATION: inputs.mutation ?? '' },
    });
    let outputs: Record<string, string> = {};
    try {
      outputs = Object.fromEntries(readFileSync(out, 'utf8').trim().split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    } catch {
      outputs = {};
    }
    return { status: r.status, outputs, stdout: r.stdout };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('nightly.yml plan: a scheduled run (no inputs) is 8 shards of 3000 s', () => {
  const r = plan({});
  assert.equal(r.status, 0);
  assert.equal(r.outputs.shards, '[1,2,3,4,5,6,7,8]');
  assert.equal(r.outputs.count, '8');
  assert.equal(r.outputs.time, '3000');
  assert.match(r.outputs.date ?? '', /^\d{4}-\d{2}-\d{2}$/);
  // Tonight's mutation slice: one of four, from the day number, so four nights cover src/runtime.
  const night = Math.floor(Date.now() / 86_400_000);
  assert.ok([`${(night % 4) + 1}/4`, `${((night - 1) % 4) + 1}/4`].includes(r.outputs.mutation ?? ''), r.outputs.mutation);
});

test('nightly.yml plan: the mutation input is off, auto or i/N', () => {
  assert.equal(plan({ mutation: 'off' }).outputs.mutation, 'off');
  assert.equal(plan({ mutation: '2/3' }).outputs.mutation, '2/3');
  assert.match(plan({ mutation: 'auto' }).outputs.mutation ?? '', /^[1-4]\/4$/);
  for (const bad of ['1/4; id', 'on', '$(id)']) assert.equal(plan({ mutation: bad }).status, 2, bad);
});

test('nightly.yml plan: valid inputs shape the matrix', () => {
  const r = plan({ shards: '3', time: '600' });
  assert.equal(r.status, 0);
  assert.equal(r.outputs.shards, '[1,2,3]');
  assert.equal(r.outputs.minutes, '40');
  assert.equal(plan({ shards: '08', time: '0600' }).outputs.shards, '[1,2,3,4,5,6,7,8]', 'leading zeros are decimal, not octal');
});

test('nightly.yml plan: injected or out-of-range inputs are refused before any shard starts', () => {
  for (const bad of [{ shards: '8; touch /tmp/pwned' }, { shards: '$(id)' }, { shards: '0' }, { shards: '257' }, { time: '3000 && id' }, { time: '59' }, { time: '19801' }, { time: '-5' }]) {
    const r = plan(bad);
    assert.equal(r.status, 2, JSON.stringify(bad));
    assert.match(r.stdout, /::error::/);
    assert.deepEqual(r.outputs, {}, 'nothing is written for the matrix');
  }
});
