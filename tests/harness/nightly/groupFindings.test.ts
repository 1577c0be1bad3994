import { test } from 'node:test';
import assert from 'node:assert/strict';
import { groupFindings, triageFindings } from '../../../src/harness/nightly/groupFindings';
import { renderNightlyReport } from '../../../src/harness/nightly/renderNightlyReport';
import { finding, syntheticSummary } from './syntheticSummary';

const leak = (shard: string, n: number, size: number) => finding({
  shard, size, job: 'ops/nullSkippingDrc', collector: 'null-skipping-drc',
  message: `[leak] null-skipping-drc at op ${n}: expected ${n} live objects after a full collection, got ${n + 1}`,
  reproducer: `reports/nightly/x/crashes/leak-${shard.replace('/', 'of')}.json`, replay: `npm run replay -- leak-${shard.replace('/', 'of')}.json`,
  listing: { format: 'ops', text: `#0 newStruct type=0\n#1 writeRef val=null (${shard})` },
});
const sandbox = finding({ shard: '2/4', oracle: 'sandbox', kind: 'arrayCopy', message: '[sandbox] drc at op 3: expected in-bounds, got out of bounds', size: 9 });

test('findings of one bug from several shards are one group with its count and smallest reproducer', () => {
  const groups = groupFindings([leak('1/4', 5, 7), sandbox, leak('3/4', 9, 4), leak('4/4', 12, 6)]);
  assert.equal(groups.length, 2);
  const [first, second] = groups;
  assert.equal(first?.count, 3);
  assert.deepEqual(first?.shards, ['1/4', '3/4', '4/4']);
  assert.equal(first?.smallest.shard, '3/4', 'the smallest minimised case represents the group');
  assert.equal(second?.count, 1);
  assert.equal(second?.smallest.oracle, 'sandbox');
});

test('triage against the last earlier night: new, still open, and gone', () => {
  const lastNight = syntheticSummary('2026-11-20', 1, { findings: [leak('1/1', 3, 5), finding({ oracle: 'dangling', message: '[dangling] drc at op 1: expected live, got freed' })] });
  const older = syntheticSummary('2026-11-19', 1, { findings: [sandbox] });
  const tonight = syntheticSummary('2026-11-21', 1, { findings: [leak('1/4', 5, 7), leak('2/4', 8, 3), sandbox] });
  const t = triageFindings(tonight, [older, lastNight]);
  assert.equal(t.lastNight, '2026-11-20');
  assert.deepEqual(t.fresh.map((g) => g.smallest.oracle), ['sandbox'], 'seen two nights ago but not last night: new again');
  assert.deepEqual(t.open.map((g) => [g.smallest.oracle, g.count]), [['leak', 2]]);
  assert.deepEqual(t.gone.map((g) => g.smallest.oracle), ['dangling']);
  assert.equal(triageFindings(tonight, []).fresh.length, 2, 'with no earlier night every bug is new');
});

test('the report leads with new findings (replay and listing inline), then open ones, history, and mutation "not measured"', () => {
  const lastNight = syntheticSummary('2026-11-20', 1, { findings: [sandbox] });
  const tonight = syntheticSummary('2026-11-21', 1, { findings: [leak('1/4', 5, 7), leak('3/4', 9, 4), sandbox] });
  const html = renderNightlyReport(tonight, [lastNight]);
  const at = (s: string): number => {
    const i = html.indexOf(s);
    assert.ok(i >= 0, s);
    return i;
  };
  assert.ok(at('3 findings: 2 distinct bugs, 1 new since 2026-11-20') < at('New findings since 2026-11-20'));
  assert.ok(at('New findings since 2026-11-20') < at('seen 2× in 2 shards'));
  assert.ok(at('seen 2× in 2 shards') < at('npm run replay -- leak-3of4.json') && at('npm run replay -- leak-3of4.json') < at('#1 writeRef val=null (3/4)'));
  assert.ok(at('#1 writeRef val=null (3/4)') < at('Still open (also seen on 2026-11-20)'));
  assert.ok(at('Still open (also seen on 2026-11-20)') < at('[sandbox] drc · arrayCopy · seen 1×'));
  assert.ok(at('[sandbox] drc · arrayCopy') < at('Throughput and coverage across nightlies'));
  assert.ok(at('Throughput and coverage across nightlies') < at('Mutation score per file'));
  assert.ok(at('Mutation score per file') < at('Not measured'));
  const measured = renderNightlyReport({ ...tonight, mutation: [{ file: 'src/runtime/drcHeap.ts', killed: 3, survived: 1 }] }, []);
  assert.ok(measured.includes('75%') && !measured.includes('Not measured'));
});
