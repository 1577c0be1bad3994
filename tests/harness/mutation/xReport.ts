import type { StrykerJsonReport } from '../../../src/harness/mutation/mutationScores';

/** A small file of five lines for the mutation-summary tests. */
export const X = 'src/runtime/x.ts';
export const SRC = 'let a = 1;\nif (a < 2) f();\nif (a > 0) g();\nh(a,\n  b);\n';
export const loc = (line: number, column: number, endLine: number, endColumn: number) => ({ start: { line, column }, end: { line: endLine, column: endColumn } });
export type Status = 'Killed' | 'Survived' | 'Timeout' | 'NoCoverage' | 'CompileError';

/** Stryker's report of X: one mutant on each of lines 1-3 and one spanning lines 4-5, with the given statuses. */
export const xReport = (statuses: readonly Status[], source = SRC): StrykerJsonReport => ({
  files: {
    [X]: {
      source,
      mutants: [
        { mutatorName: 'NumberLiteral', replacement: '0', status: statuses[0]!, location: loc(1, 9, 1, 10) },
        { mutatorName: 'EqualityOperator', replacement: 'a <= 2', status: statuses[1]!, location: loc(2, 5, 2, 10) },
        { mutatorName: 'EqualityOperator', replacement: 'a >= 0', status: statuses[2]!, location: loc(3, 5, 3, 10) },
        { mutatorName: 'BlockStatement', replacement: '{}', status: statuses[3]!, location: loc(4, 1, 5, 5) },
      ],
    },
  },
});

/** A line-range run's report: only the mutants inside lines a-b (start and end). */
export const rangeReport = (r: StrykerJsonReport, a: number, b: number): StrykerJsonReport => ({
  files: { [X]: { ...r.files[X]!, mutants: r.files[X]!.mutants.filter((m) => m.location.start.line >= a && m.location.end.line <= b) } },
});

/** The equivalent-list entry of line 2's mutant. */
export const eqA = { file: X, mutator: 'EqualityOperator', original: 'a < 2', replacement: 'a <= 2', reason: 'a is 1' };
