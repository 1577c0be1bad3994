import assert from 'node:assert/strict';
import test from 'node:test';
import { mutationScores, type StrykerJsonReport } from '../../../src/harness/mutation/mutationScores';
import { formatMutationSummary, mutationSummary, type MeasuredScore } from '../../../src/harness/mutation/mutationSummary';
import { eqA, loc, rangeReport, SRC, X, xReport } from './xReport';

const measured = (key: string, report: StrykerJsonReport | null, at: number | null, fromReport: StrykerJsonReport = report!): MeasuredScore => ({
  score: { ...mutationScores(fromReport, [], '2026-12-07')[0]!, file: key },
  report,
  measuredAt: at,
});

test('mutationSummary: a whole-file figure re-scored with the current equivalent list; overall summed over mutants', () => {
  const y: StrykerJsonReport = { files: { 'src/runtime/y.ts': { source: 'k();\n', mutants: [{ mutatorName: 'BlockStatement', replacement: '{}', status: 'Killed', location: loc(1, 1, 1, 4) }] } } };
  const s = mutationSummary(
    [{ file: X, mutants: 4 }, { file: 'src/runtime/y.ts', mutants: 1 }, { file: 'src/runtime/z.ts', mutants: 7 }],
    new Map([[X, SRC], ['src/runtime/y.ts', 'k();\n'], ['src/runtime/z.ts', '']]),
    [measured(X, xReport(['Killed', 'Survived', 'Timeout', 'CompileError']), 1), measured('src/runtime/y.ts', y, 1)],
    [eqA],
  );
  const [x, yr, z] = s.rows;
  // x: killed + timeout detected, one survivor (listed now: the entry said not), compile error left out.
  assert.deepEqual([x!.whole!.mutants, x!.whole!.detected, x!.whole!.equivalent, x!.whole!.score, x!.whole!.scoreWithoutEquivalent, x!.whole!.stale], [3, 2, 1, 66.7, 100, false]);
  assert.equal(yr!.whole!.score, 100);
  assert.equal(z!.whole, null);
  assert.deepEqual(s.overall, { mutants: 4, detected: 3, equivalent: 1, score: 75, scoreWithoutEquivalent: 100, files: 2, staleFiles: 0, runtimeMutants: 12 });
});

test('mutationSummary: a later range on the same text replaces the whole figure\'s mutants inside its lines', () => {
  const whole = measured(X, xReport(['Survived', 'Survived', 'Survived', 'Survived']), 10);
  // Lines 2-4: Stryker measures only the mutants on lines 2 and 3 (the 4-5 one ends outside).
  const later = measured(`${X}:2-4`, rangeReport(xReport(['Killed', 'Killed', 'Killed', 'Killed']), 2, 4), 20);
  const s = mutationSummary([{ file: X, mutants: 4 }], new Map([[X, SRC]]), [whole, later], []);
  assert.deepEqual(s.rows[0]!.applied, [`${X}:2-4`]);
  assert.deepEqual([s.rows[0]!.ranges, s.rows[0]!.superseded], [[], []]);
  assert.deepEqual([s.rows[0]!.whole!.mutants, s.rows[0]!.whole!.detected, s.rows[0]!.whole!.score], [4, 2, 50]);
  assert.equal(s.overall.score, 50);
  // The same range measured before the whole file is superseded by it; one on another text is listed beside it.
  const before = mutationSummary([{ file: X, mutants: 4 }], new Map([[X, SRC]]), [whole, measured(`${X}:2-4`, later.report, 5)], []);
  assert.deepEqual([before.rows[0]!.applied, before.rows[0]!.superseded, before.rows[0]!.ranges], [[], [`${X}:2-4`], []]);
  assert.deepEqual([before.rows[0]!.whole!.detected, before.overall.score], [0, 0]);
  const other = mutationSummary([{ file: X, mutants: 4 }], new Map([[X, SRC]]), [whole, measured(`${X}:2-4`, rangeReport(xReport(['Killed', 'Killed', 'Killed', 'Killed'], `${SRC}//\n`), 2, 4), 20)], []);
  assert.deepEqual([other.rows[0]!.applied, other.rows[0]!.superseded], [[], []]);
  assert.deepEqual(other.rows[0]!.ranges.map((g) => [g.key, g.mutants, g.detected, g.stale]), [[`${X}:2-4`, 2, 2, true]]);
  assert.match(formatMutationSummary(other), /whole file, current text; range\(s\) on another text, not in the figure: 2-4 2\/2 \(100% w\/o eq\.\) \|/);
  assert.equal(other.overall.score, 0);
});

test('mutationSummary: stale and unknown texts are flagged; a file with ranges only has no figure and stays out of the overall', () => {
  const edited = `${SRC}// edited\n`;
  const stale = mutationSummary([{ file: X, mutants: 4 }], new Map([[X, edited]]), [measured(X, xReport(['Killed', 'Killed', 'Survived', 'Killed']), 1)], []);
  assert.deepEqual([stale.rows[0]!.whole!.stale, stale.rows[0]!.whole!.score, stale.overall.staleFiles], [true, 75, 1]);
  assert.deepEqual([stale.overall.files, stale.current.files, stale.current.score], [1, 0, null]);
  // No report kept: the entry's own counts and equivalents, text unknown.
  const gone = mutationSummary([{ file: X, mutants: 4 }], new Map([[X, SRC]]), [measured(X, null, null, xReport(['Killed', 'Survived', 'Survived', 'Killed']))], [eqA]);
  assert.deepEqual([gone.rows[0]!.whole!.stale, gone.rows[0]!.whole!.score, gone.rows[0]!.whole!.equivalent], [null, 50, 0]);
  const ranges = mutationSummary([{ file: X, mutants: 4 }], new Map([[X, SRC]]), [measured(`${X}:1-2`, rangeReport(xReport(['Killed', 'Survived', 'Killed', 'Killed']), 1, 2), 1)], []);
  assert.equal(ranges.rows[0]!.whole, null);
  assert.deepEqual(ranges.rows[0]!.ranges.map((g) => [g.key, g.score]), [[`${X}:1-2`, 50]]);
  assert.deepEqual([ranges.overall.files, ranges.overall.mutants, ranges.overall.score], [0, 0, null]);
  // Ranges on the current text that hold every mutant make the file's figure (the later over the earlier).
  const parts = [measured(`${X}:1-3`, rangeReport(xReport(['Killed', 'Survived', 'Survived', 'Killed']), 1, 3), 1), measured(`${X}:3-5`, rangeReport(xReport(['Killed', 'Killed', 'Killed', 'Survived']), 3, 5), 2)];
  const joined = mutationSummary([{ file: X, mutants: 4 }], new Map([[X, SRC]]), parts, []);
  assert.deepEqual([joined.rows[0]!.joined, joined.rows[0]!.whole!.mutants, joined.rows[0]!.whole!.detected, joined.overall.files], [true, 4, 2, 1]);
  assert.match(formatMutationSummary(joined), /no whole-file run: joined from ranges 1-3, 3-5 on the current text/);
  assert.equal(mutationSummary([{ file: X, mutants: 4 }], new Map([[X, SRC]]), parts.slice(1), []).rows[0]!.whole, null, 'lines 3-5 alone miss two mutants');
  const text = formatMutationSummary(ranges);
  assert.match(text, /\| src\/runtime\/x\.ts \| 4 \| - \| .*no whole-file figure; range\(s\) on the current text: 1-2 1\/2 \(50% w\/o eq\.\) \|/);
  assert.match(formatMutationSummary(stale), /\| src\/runtime\/x\.ts \| 4 \| 4 \| 3 \| 0 \| 75% \| 75% \| 2026-12-07 \| whole file, STALE \(measured on another text\) \|\n\noverall: 3 detected of 4 mutants measured in 1 files with a whole-file figure \(1 of them stale/);
});

test('mutationSummary: ranges on the current text holding every mutant stand in for a stale whole-file figure, not for a current one', () => {
  const edited = `${SRC}// edited\n`;
  const old = measured(X, xReport(['Survived', 'Survived', 'Survived', 'Survived'], `${SRC}//\n`), 1);
  const parts = [measured(`${X}:1-3`, rangeReport(xReport(['Killed', 'Survived', 'Killed', 'Killed'], edited), 1, 3), 2), measured(`${X}:4-5`, rangeReport(xReport(['Killed', 'Killed', 'Killed', 'Survived'], edited), 4, 5), 3)];
  const s = mutationSummary([{ file: X, mutants: 4 }], new Map([[X, edited]]), [old, ...parts], []);
  const r = s.rows[0]!;
  assert.deepEqual([r.joined, r.whole!.stale, r.whole!.mutants, r.whole!.detected, r.replaced!.key, r.replaced!.detected, r.ranges], [true, false, 4, 2, X, 0, []]);
  assert.deepEqual([s.overall.staleFiles, s.current.files, s.current.detected], [0, 1, 2]);
  assert.match(formatMutationSummary(s), /no whole-file run on the current text: joined from ranges 1-3, 4-5 on the current text; in place of the STALE whole-file figure of 2026-12-07 \(0\/4, 0% w\/o eq\.\)/);
  // Ranges that miss a mutant leave the stale figure standing, with the ranges beside it.
  const short = mutationSummary([{ file: X, mutants: 4 }], new Map([[X, edited]]), [old, parts[0]!], []).rows[0]!;
  assert.deepEqual([short.joined, short.whole!.stale, short.replaced, short.ranges.length], [false, true, null, 1]);
  // A whole-file figure of the current text stands; the earlier ranges are measured again by it.
  const fresh = measured(X, xReport(['Survived', 'Survived', 'Survived', 'Survived'], edited), 4);
  const kept = mutationSummary([{ file: X, mutants: 4 }], new Map([[X, edited]]), [fresh, ...parts], []).rows[0]!;
  assert.deepEqual([kept.joined, kept.whole!.detected, kept.replaced, kept.superseded.length], [false, 0, null, 2]);
});
