import assert from 'node:assert/strict';
import test from 'node:test';
import { UsageError } from '../../../src/errors/UsageError';
import { mutationScores, type StrykerJsonReport } from '../../../src/harness/mutation/mutationScores';
import { formatMutationSummary, mutationSummary, type MeasuredScore } from '../../../src/harness/mutation/mutationSummary';
import { formatRecordedScores, latestMeasured, mergeRecorded, readRecordedScores, recordedMeasured, recordScore, textHash } from '../../../src/harness/mutation/recordedScores';
import { eqA, rangeReport, SRC, X, xReport } from './xReport';

const meta = (at: number) => ({ date: '2026-12-07', measuredAt: at, commit: 'c0c7feb', seconds: 60 });
// A measurement in reports/ (this checkout's own run), as fuzz/mutation.ts reads it.
const fromReports = (key: string, report: StrykerJsonReport, at: number): MeasuredScore => ({ score: { ...mutationScores(report, [], '2026-12-07')[0]!, file: key }, report, measuredAt: at });

test('recordScore: written and read back unchanged, and scored as the report it came from (equivalents as listed now)', () => {
  const report = xReport(['Killed', 'Survived', 'Timeout', 'NoCoverage']);
  const r = recordScore(report, X, meta(Date.UTC(2026, 11, 7, 22)));
  assert.deepEqual([r.killed, r.timeout, r.survived, r.noCoverage, r.textHash, r.measuredAt], [1, 1, 1, 1, textHash(SRC), '2026-12-07T22:00:00.000Z']);
  assert.deepEqual(r.missed, [[2, 2, 'Survived', 'EqualityOperator', 'a < 2', 'a <= 2'], [4, 5, 'NoCoverage', 'BlockStatement', 'h(a,\n  b)', '{}']]);
  const text = formatRecordedScores([r]);
  assert.deepEqual(readRecordedScores(text, 'scores.json'), [r]);
  // One line per missed mutant, so a diff shows which changed.
  assert.equal(text.split('\n').filter((l) => l.includes('Operator') || l.includes('BlockStatement')).length, 2);
  const m = recordedMeasured(r, [eqA]);
  const direct = mutationScores(report, [eqA], '2026-12-07')[0]!;
  assert.deepEqual([m.score.killed, m.score.timeout, m.score.survived, m.score.noCoverage, m.score.score, m.score.scoreWithoutEquivalent], [direct.killed, direct.timeout, direct.survived, direct.noCoverage, direct.score, direct.scoreWithoutEquivalent]);
  assert.deepEqual(m.score.survivors, direct.survivors);
  assert.equal(m.measuredAt, Date.UTC(2026, 11, 7, 22));
  // A later measurement of a key replaces the earlier; keys sorted.
  const y = recordScore({ files: { 'src/runtime/a.ts': { source: 'k();\n', mutants: [] } } }, 'src/runtime/a.ts', meta(1));
  const later = { ...r, killed: 2, other: [...r.other, [4, 5, 'Killed'] as const], noCoverage: 0, missed: r.missed.slice(0, 1) };
  assert.deepEqual(mergeRecorded([r, y], [later]).map((e) => [e.key, e.killed]), [['src/runtime/a.ts', 0], [X, 2]]);
  // A range measured before its file's whole-file entry on the same text is dropped, whichever is recorded first; a later one stays.
  const range = (at: number) => recordScore(rangeReport(xReport(['Killed', 'Killed', 'Killed', 'Killed']), 2, 3), `${X}:2-3`, meta(at));
  const whole = recordScore(xReport(['Killed', 'Killed', 'Killed', 'Killed']), X, meta(10));
  assert.deepEqual(mergeRecorded([range(5)], [whole]).map((e) => e.key), [X]);
  assert.deepEqual(mergeRecorded([whole], [range(5)]).map((e) => e.key), [X]);
  assert.deepEqual(mergeRecorded([whole], [range(20)]).map((e) => e.key), [X, `${X}:2-3`]);
  // One of another text is kept, earlier or not: the summary lists it beside the figure.
  const otherText = recordScore(rangeReport(xReport(['Killed', 'Killed', 'Killed', 'Killed'], `${SRC}//\n`), 2, 3), `${X}:2-3`, meta(5));
  assert.deepEqual(mergeRecorded([otherText], [whole]).map((e) => e.key), [X, `${X}:2-3`]);
});

test('readRecordedScores: malformed or inconsistent entries are a UsageError naming the entry', () => {
  const r = recordScore(xReport(['Killed', 'Survived', 'Killed', 'Killed']), X, meta(1));
  const good = JSON.parse(formatRecordedScores([r])) as { scores: Record<string, unknown>[] };
  const bad = (change: (e: Record<string, unknown>) => Record<string, unknown>, message: RegExp): void =>
    assert.throws(() => readRecordedScores(JSON.stringify({ scores: good.scores.map(change) }), 'm.json'), (e: unknown) => e instanceof UsageError && message.test(e.message));
  assert.throws(() => readRecordedScores('{"scores": [', 'm.json'), (e: unknown) => e instanceof UsageError && /m\.json: not JSON/.test(e.message));
  bad((e) => ({ ...e, killed: 2 }), /scores\[0\] \(src\/runtime\/x\.ts\): the counts do not match/);
  bad((e) => ({ ...e, textHash: 'abc' }), /textHash must be sha256/);
  bad((e) => ({ ...e, other: [[3, 2, 'Killed']] }), /other\[0\]: lines 3-2/);
  bad((e) => ({ ...e, other: [[1, 1, 'Survived']] }), /belongs in missed/);
  bad((e) => ({ ...e, missed: [[2, 2, 'Killed', 'M', 'o', 'r']] }), /missed\[0\]: status Killed/);
  bad((e) => ({ ...e, missed: [[2, 2, 'Survived', 'M', 'o']] }), /missed\[0\] must be \[first line/);
  assert.throws(() => readRecordedScores(JSON.stringify({ scores: [good.scores[0], good.scores[0]] }), 'm.json'), /recorded twice/);
});

test('the summary from recorded figures alone (a fresh clone), with a later range of this checkout overlaid on them', () => {
  const whole = recordScore(xReport(['Survived', 'Survived', 'Survived', 'Survived']), X, meta(10));
  const recorded = [recordedMeasured(whole, [eqA])];
  const fresh = mutationSummary([{ file: X, mutants: 4 }], new Map([[X, SRC]]), latestMeasured([], recorded), [eqA]);
  assert.deepEqual([fresh.rows[0]!.whole!.mutants, fresh.rows[0]!.whole!.detected, fresh.rows[0]!.whole!.equivalent, fresh.rows[0]!.whole!.stale], [4, 0, 1, false]);
  // The text's hash tells an edited file: the recorded figure is stale.
  assert.equal(mutationSummary([{ file: X, mutants: 4 }], new Map([[X, `${SRC}//\n`]]), recorded, []).rows[0]!.whole!.stale, true);
  // A range measured here later (with its source) replaces the recorded mutants in its lines: the
  // equivalent survivor on line 2 is now killed; the one on line 3 survived again, quoted from the
  // range's source (the recorded figure has none) and matched to the list.
  const range = fromReports(`${X}:2-3`, rangeReport(xReport(['Killed', 'Killed', 'Survived', 'Killed']), 2, 3), 20);
  const s = mutationSummary([{ file: X, mutants: 4 }], new Map([[X, SRC]]), latestMeasured([range], recorded), [eqA, { ...eqA, original: 'a > 0', replacement: 'a >= 0' }]);
  assert.deepEqual(s.rows[0]!.applied, [`${X}:2-3`]);
  assert.deepEqual([s.rows[0]!.whole!.mutants, s.rows[0]!.whole!.detected, s.rows[0]!.whole!.equivalent, s.overall.score, s.overall.scoreWithoutEquivalent], [4, 1, 1, 25, 33.3]);
  // Recorded, the same range gives the same figure from the recorded file alone.
  const both = [whole, recordScore(range.report!, `${X}:2-3`, meta(20))].map((r) => recordedMeasured(r, []));
  const again = mutationSummary([{ file: X, mutants: 4 }], new Map([[X, SRC]]), latestMeasured([], both), [eqA, { ...eqA, original: 'a > 0', replacement: 'a >= 0' }]);
  assert.equal(formatMutationSummary(again), formatMutationSummary(s));
});

test('a range keeps only the mutants inside its lines (Stryker reports reused ones outside a resumed range)', () => {
  // Lines 2-3 of a report that also holds the mutants of lines 1 and 4-5.
  const spill = fromReports(`${X}:2-3`, xReport(['Killed', 'Killed', 'Killed', 'Killed']), 20);
  const whole = fromReports(X, xReport(['Survived', 'Survived', 'Survived', 'Survived']), 10);
  const s = mutationSummary([{ file: X, mutants: 4 }], new Map([[X, SRC]]), [whole, spill], []);
  assert.deepEqual([s.rows[0]!.whole!.mutants, s.rows[0]!.whole!.detected], [4, 2]);
  // Measured on another text than the figure's, listed beside it, the range counts its own two mutants.
  const otherText = fromReports(`${X}:2-3`, xReport(['Killed', 'Killed', 'Killed', 'Killed'], `${SRC}//\n`), 20);
  const other = mutationSummary([{ file: X, mutants: 4 }], new Map([[X, SRC]]), [whole, otherText], []);
  assert.deepEqual(other.rows[0]!.ranges.map((g) => [g.key, g.mutants]), [[`${X}:2-3`, 2]]);
  const r = recordScore(spill.report!, `${X}:2-3`, meta(20));
  assert.deepEqual([r.killed, r.other.map((o) => o[0])], [2, [2, 3]]);
});

test('a file measured in ranges only gets its joined figure from recorded ranges alone', () => {
  const parts = [recordScore(rangeReport(xReport(['Killed', 'Survived', 'Survived', 'Killed']), 1, 3), `${X}:1-3`, meta(1)), recordScore(rangeReport(xReport(['Killed', 'Killed', 'Survived', 'Killed']), 3, 5), `${X}:3-5`, meta(2))];
  const s = mutationSummary([{ file: X, mutants: 4 }], new Map([[X, SRC]]), latestMeasured([], parts.map((r) => recordedMeasured(r, []))), [eqA]);
  assert.deepEqual([s.rows[0]!.joined, s.rows[0]!.whole!.mutants, s.rows[0]!.whole!.detected, s.rows[0]!.whole!.equivalent, s.rows[0]!.whole!.stale], [true, 4, 2, 1, false]);
});

test('latestMeasured: per key the later of this checkout\'s report and the recorded one; a tie keeps the report', () => {
  const rec = recordedMeasured(recordScore(xReport(['Killed', 'Killed', 'Killed', 'Killed']), X, meta(10)), []);
  const older = fromReports(X, xReport(['Survived', 'Survived', 'Survived', 'Survived']), 5);
  const same = fromReports(X, xReport(['Killed', 'Killed', 'Killed', 'Killed']), 10);
  const range = fromReports(`${X}:1-1`, rangeReport(xReport(['Killed', 'Killed', 'Killed', 'Killed']), 1, 1), 1);
  assert.deepEqual(latestMeasured([older, range], [rec]).map((m) => [m.score.file, m.score.killed, m.report?.files[X]?.source === undefined ? 'recorded' : 'report']), [[X, 4, 'recorded'], [`${X}:1-1`, 1, 'report']]);
  assert.equal(latestMeasured([same], [rec])[0]!.report!.files[X]!.source, SRC);
  // Without a report (reports/ entry whose mutation.json is gone) the recorded one wins.
  assert.equal(latestMeasured([{ ...older, report: null, measuredAt: null }], [rec])[0], rec);
});
