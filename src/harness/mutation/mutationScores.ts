import type { MutationScore, SurvivingMutant } from '../nightly/nightlySummary';

/** One mutant as Stryker's JSON reporter writes it (mutation-testing-report-schema). */
export interface ReportMutant {
  readonly mutatorName: string;
  readonly replacement?: string;
  readonly status: string;
  /** The mutated source text; a recorded measurement (mutation/scores.json) carries it instead of the source. */
  readonly original?: string;
  readonly location: { readonly start: { readonly line: number; readonly column: number }; readonly end: { readonly line: number; readonly column: number } };
}

/**
 * The part of Stryker's `mutation.json` read here. A measurement recorded in mutation/scores.json
 * has the same shape without the file's source: `textHash` names the text instead (see
 * recordedScores.ts) and each missed mutant carries its `original` text.
 */
export interface StrykerJsonReport {
  readonly files: Readonly<Record<string, { readonly source?: string; readonly textHash?: string; readonly mutants: readonly ReportMutant[] }>>;
}

/** A surviving mutant judged equivalent (no program can tell it apart), with the reason. */
export interface EquivalentMutant {
  readonly file: string;
  readonly mutator: string;
  /** The mutated source text, exactly (so a moved line still matches, an edited one does not). */
  readonly original: string;
  readonly replacement: string;
  readonly reason: string;
}

/** The source text between two 1-based line / 1-based column positions (Stryker's locations). */
function sliceSource(source: string, loc: ReportMutant['location']): string {
  const lines = source.split('\n');
  const at = (p: { line: number; column: number }): number => {
    let offset = 0;
    for (let i = 0; i < p.line - 1; i++) offset += lines[i]!.length + 1;
    return offset + p.column - 1;
  };
  return source.slice(at(loc.start), at(loc.end));
}

/**
 * The mutated text of a report's mutant: its own `original`, else the slice of the file's source;
 * '' for a recorded report's detected mutant (neither is kept: no equivalent is looked up for it).
 */
export function mutantOriginal(file: StrykerJsonReport['files'][string], m: ReportMutant): string {
  return m.original ?? (file.source === undefined ? '' : sliceSource(file.source, m.location));
}

function sameMutant(e: EquivalentMutant, file: string, s: SurvivingMutant): boolean {
  return e.file === file && e.mutator === s.mutator && e.original === s.original && e.replacement === s.replacement;
}

/**
 * Per-file scores of a Stryker run: killed and timed-out mutants count as detected; survived and
 * no-coverage ones as missed; compile and runtime errors (the mutant does not build or start) are
 * left out, as Stryker does. `score` is detected / (detected + missed) in percent, or null when a
 * file had no valid mutant; `scoreWithoutEquivalent` leaves out survivors in `equivalent`.
 */
export function mutationScores(report: StrykerJsonReport, equivalent: readonly EquivalentMutant[], date: string): MutationScore[] {
  return Object.entries(report.files)
    .map(([file, f]) => {
      const count = (status: string): number => f.mutants.filter((m) => m.status === status).length;
      const killed = count('Killed');
      const timeout = count('Timeout');
      const noCoverage = count('NoCoverage');
      const survivors: SurvivingMutant[] = f.mutants
        .filter((m) => m.status === 'Survived' || m.status === 'NoCoverage')
        .map((m) => ({ line: m.location.start.line, mutator: m.mutatorName, original: mutantOriginal(f, m), replacement: m.replacement ?? '', equivalent: null }))
        .map((s) => ({ ...s, equivalent: equivalent.find((e) => sameMutant(e, file, s))?.reason ?? null }));
      const survived = survivors.length - noCoverage;
      const detected = killed + timeout;
      const pct = (d: number, total: number): number | null => (total === 0 ? null : Math.round((1000 * d) / total) / 10);
      const equivalents = survivors.filter((s) => s.equivalent !== null).length;
      return {
        file,
        killed,
        survived,
        timeout,
        noCoverage,
        score: pct(detected, detected + survivors.length),
        scoreWithoutEquivalent: pct(detected, detected + survivors.length - equivalents),
        date,
        survivors,
      };
    })
    .sort((a, b) => (a.file < b.file ? -1 : 1));
}

/** The latest score of every file: `fresh` replaces the entries of the files it measured. */
export function mergeLatestScores(previous: readonly MutationScore[], fresh: readonly MutationScore[]): MutationScore[] {
  const byFile = new Map(previous.map((m) => [m.file, m]));
  for (const m of fresh) byFile.set(m.file, m);
  return [...byFile.values()].sort((a, b) => (a.file < b.file ? -1 : 1));
}
