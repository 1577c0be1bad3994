import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { expressionsInRun, lintWorkflow, lintWorkflows } from '../../src/ci/lintWorkflows';

const ROOT = join(__dirname, '../../..');

test('the repository workflows pass actionlint and the no-expression-in-run rule', async () => {
  const { files, problems } = await lintWorkflows(join(ROOT, '.github/workflows'));
  assert.ok(files.some((f) => f.endsWith('nightly.yml')) && files.some((f) => f.endsWith('ci.yml')));
  assert.deepEqual(problems.map((p) => `${p.file}:${p.line}: ${p.message} [${p.kind}]`), []);
});

test('actionlint reports a missing job, a misspelt action input and an undefined matrix key', async () => {
  const bad = [
    'name: bad',
    'on: push',
    'jobs:',
    '  a:',
    '    runs-on: ubuntu-latest',
    '    needs: [missing]',
    '    steps:',
    '      - uses: actions/checkout@v4',
    '        with:',
    '          fetch-depht: 1',
    '      - run: echo "${{ matrix.nope }}"',
    '',
  ].join('\n');
  const kinds = (await lintWorkflow('bad.yml', bad)).map((p) => `${p.line}:${p.kind}`).sort();
  assert.deepEqual(kinds, ['10:action', '11:expression', '11:expression-in-run', '4:job-needs']);
});

test('an input pasted into a run: script is flagged, in one-line and block scripts; env: is not', () => {
  const text = [
    'jobs:',
    '  a:',
    '    steps:',
    '      - run: npm run nightly -- --time ${{ github.event.inputs.time }}',
    '      - name: block',
    '        run: |',
    '          echo start',
    '          echo "${{ inputs.shards }}"',
    '        env:',
    '          TIME: ${{ github.event.inputs.time }}',
    '      - run: echo "$TIME"',
    '',
  ].join('\n');
  const found = expressionsInRun('w.yml', text);
  assert.deepEqual(found.map((p) => [p.line, p.message.split(' in a run')[0]]), [
    [4, 'expression ${{ github.event.inputs.time }}'],
    [8, 'expression ${{ inputs.shards }}'],
  ]);
});
