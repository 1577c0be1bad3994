import assert from 'node:assert/strict';
import test from 'node:test';
import { mergeNightlySummaries } from '../../../src/harness/mergeReports';
import { mergeLatestScores, mutationScores, type StrykerJsonReport } from '../../../src/harness/mutation/mutationScores';
import { readMutationScores } from '../../../src/harness/nightly/nightlySummary';
import { renderNightlyReport } from '../../../src/harness/nightly/renderNightlyReport';
import { syntheticSummary } from '../nightly/syntheticSummary';

const at = (line: number, column: number, endColumn: number) => ({ start: { line, column }, end: { line, column: endColumn } });

const report: StrykerJsonReport = {
  files: {
    'src/runtime/x.ts': {
      source: 'const a = 1;\nif (a < 2) f();\n',
      mutants: [
        { mutatorName: 'EqualityOperator', replacement: 'a <= 2', status: 'Survived', location: at(2, 5, 10) },
        { mutatorName: 'ConditionalExpression', replacement: 'false', status: 'Killed', location: at(2, 5, 10) },
        { mutatorName: 'ConditionalExpression', replacement: 'true', status: 'Timeout', location: at(2, 5, 10) },
        { mutatorName: 'BlockStatement', replacement: '{}', status: 'NoCoverage', location: at(1, 1, 13) },
        { mutatorName: 'StringLiteral', replacement: '""', status: 'CompileError', location: at(1, 1, 13) },
      ],
    },
  },
};

test('mutationScores: killed and timeout detected, survived and no coverage missed, compile errors left out; survivors quoted from the source', () => {
  const [m] = mutationScores(report, [], '2026-12-07');
  assert.deepEqual([m!.killed, m!.timeout, m!.survived, m!.noCoverage, m!.score], [1, 1, 1, 1, 50]);
  assert.deepEqual(m!.survivors!.map((s) => [s.line, s.original, s.replacement]), [
    [2, 'a < 2', 'a <= 2'],
    [1, 'const a = 1;', '{}'],
  ]);
  assert.equal(m!.scoreWithoutEquivalent, 50);
});

test('mutationScores: a survivor in the equivalent list keeps its reason and leaves the second score', () => {
  const eq = [{ file: 'src/runtime/x.ts', mutator: 'EqualityOperator', original: 'a < 2', replacement: 'a <= 2', reason: 'a is 1' }];
  const [m] = mutationScores(report, eq, '2026-12-07');
  assert.equal(m!.survivors![0]!.equivalent, 'a is 1');
  assert.equal(m!.survivors![1]!.equivalent, null);
  assert.equal(m!.score, 50);
  assert.equal(m!.scoreWithoutEquivalent, 66.7);
  // Another file, or edited source text, does not match.
  assert.equal(mutationScores(report, [{ ...eq[0]!, original: 'a < 3' }], 'd')[0]!.survivors![0]!.equivalent, null);
});

test('mergeLatestScores keeps the latest measurement of each file; the scores file reads back and renders', () => {
  const [m] = mutationScores(report, [], '2026-12-07');
  const old = { file: 'src/runtime/x.ts', killed: 9, survived: 0 };
  const other = { file: 'src/runtime/a.ts', killed: 1, survived: 1 };
  const merged = mergeLatestScores([old, other], [m!]);
  assert.deepEqual(merged.map((s) => [s.file, s.killed]), [['src/runtime/a.ts', 1], ['src/runtime/x.ts', 1]]);
  assert.deepEqual(readMutationScores(JSON.parse(JSON.stringify(merged)), 'scores.json'), merged);
  assert.throws(() => readMutationScores([{ file: 'f', killed: 'x' }], 'scores.json'), /scores.json: mutation\[0\]\.killed must be a number/);
  const html = renderNightlyReport({ ...syntheticSummary('2026-12-07'), mutation: merged }, []);
  assert.ok(html.includes('50%') && html.includes('surviving mutants (2)') && html.includes('a &lt;= 2'));
  // The overall row sums every file's latest measurement: a.ts 1 of 2 detected, x.ts 2 of 4.
  assert.match(html, /<b>all measured files \(2\)<\/b><\/td><td>6<\/td><td>2<\/td><td>1<\/td><td>2<\/td><td>1<\/td><td>0<\/td><td>50%<\/td><td>50%<\/td><td>–<\/td>/);
});

test('the report shows each file\'s minutes and equivalent count', () => {
  const eq = [{ file: 'src/runtime/x.ts', mutator: 'EqualityOperator', original: 'a < 2', replacement: 'a <= 2', reason: 'a is 1' }];
  const [m] = mutationScores(report, eq, '2026-12-07');
  const html = renderNightlyReport({ ...syntheticSummary('2026-12-07'), mutation: [{ ...m!, seconds: 90 }] }, []);
  assert.match(html, /<code>src\/runtime\/x\.ts<\/code><\/td><td>4<\/td><td>1<\/td><td>1<\/td><td>1<\/td><td>1<\/td><td>1<\/td><td>50%<\/td><td>66\.7%<\/td><td>1\.5<\/td>/);
  assert.deepEqual(readMutationScores(JSON.parse(JSON.stringify([{ ...m!, seconds: 90 }])), 's')[0]!.seconds, 90);
});

test('merge-reports keeps the latest measurement of a file that several shards carry, not their sum', () => {
  const a = syntheticSummary('2026-12-07', 1, { shards: ['1/2'], mutation: [{ file: 'f.ts', killed: 3, survived: 1, date: '2026-12-05' }] });
  const b = syntheticSummary('2026-12-07', 1, { shards: ['2/2'], mutation: [{ file: 'f.ts', killed: 4, survived: 0, date: '2026-12-06' }] });
  assert.deepEqual(mergeNightlySummaries([a, b]).mutation, [{ file: 'f.ts', killed: 4, survived: 0, date: '2026-12-06' }]);
  assert.deepEqual(mergeNightlySummaries([b, a]).mutation, [{ file: 'f.ts', killed: 4, survived: 0, date: '2026-12-06' }]);
});
