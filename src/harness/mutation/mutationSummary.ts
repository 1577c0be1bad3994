import type { MutationScore } from '../nightly/nightlySummary';
import { mutateTarget } from './mutateTarget';
import { mutantOriginal, mutationScores, type EquivalentMutant, type ReportMutant, type StrykerJsonReport } from './mutationScores';
import type { FileMutants } from './mutationShard';
import { textHash } from './recordedScores';

/**
 * One entry of reports/mutation/scores.json with the Stryker report it was scored from, or one
 * entry of mutation/scores.json (recordedScores.ts) with the report it records.
 */
export interface MeasuredScore {
  /** The entry; its `file` is the key (`path` or `path:a-b` for a line range). */
  readonly score: MutationScore;
  /** reports/mutation/<slug>/mutation.json (or the recorded one), or null if it is not kept. */
  readonly report: StrykerJsonReport | null;
  /** When the report was written (ms): orders measurements of one day. Null without a report. */
  readonly measuredAt: number | null;
}

/** Counts of one figure, equivalents judged by the current list. */
export interface FigureCounts {
  /** Valid mutants (detected + missed; compile and runtime errors left out). */
  readonly mutants: number;
  /** Killed or timed out. */
  readonly detected: number;
  /** Missed mutants that the current equivalent list names. */
  readonly equivalent: number;
  readonly score: number | null;
  readonly scoreWithoutEquivalent: number | null;
}

/** A measurement of a file or a line range of it. */
export interface Figure extends FigureCounts {
  readonly key: string;
  readonly date: string | null;
  /**
   * The measured text differs from the file's text now (true), is the same (false), or is not
   * known because the report is not kept (null).
   */
  readonly stale: boolean | null;
}

export interface SummaryRow {
  readonly file: string;
  /** Mutants Stryker makes of the file's current text. */
  readonly mutants: number;
  /** The latest whole-file figure, with the later ranges of `applied` measured in; null if none. */
  readonly whole: Figure | null;
  /** Ranges measured on the whole figure's text after it, whose mutants replace its own. */
  readonly applied: readonly string[];
  /** No whole-file run (or only a stale one): `whole` is joined from the ranges in `applied` (current text, every mutant). */
  readonly joined: boolean;
  /** The stale whole-file figure the joined one stands in for (null: none, or not joined). */
  readonly replaced: Figure | null;
  /** Ranges measured before the whole figure on its text: it measured their mutants again. */
  readonly superseded: readonly string[];
  /** The other range figures of the file (no whole-file figure, or another text than its). */
  readonly ranges: readonly Figure[];
}

export interface MutationSummary {
  readonly rows: readonly SummaryRow[];
  /** Summed over the mutants of every whole-file figure. */
  readonly overall: FigureCounts & { readonly files: number; readonly staleFiles: number; readonly runtimeMutants: number };
  /** The same over the whole-file figures measured on the files' text now. */
  readonly current: FigureCounts & { readonly files: number };
}

const pct = (d: number, total: number): number | null => (total === 0 ? null : Math.round((1000 * d) / total) / 10);

function counts(s: MutationScore): FigureCounts {
  const detected = s.killed + (s.timeout ?? 0);
  const mutants = detected + s.survived + (s.noCoverage ?? 0);
  const equivalent = (s.survivors ?? []).filter((m) => m.equivalent !== null).length;
  return { mutants, detected, equivalent, score: pct(detected, mutants), scoreWithoutEquivalent: pct(detected, mutants - equivalent) };
}

/**
 * The report's mutants of `path` with those inside lines a-b (Stryker's rule: start and end in the
 * range) replaced by `range`'s. Each mutant keeps its original text (the two may be a recorded
 * report, without the source, and one with it: both are of the same text).
 */
function overlay(whole: StrykerJsonReport, path: string, range: StrykerJsonReport, lines: string): StrykerJsonReport {
  const [a, b] = lines.split('-').map(Number) as [number, number];
  const w = whole.files[path]!;
  const r = range.files[path]!;
  const inside = (m: ReportMutant): boolean => m.location.start.line >= a && m.location.end.line <= b;
  const kept = w.mutants.filter((m) => !inside(m)).map((m) => ({ ...m, original: mutantOriginal(w, m) }));
  // A range run resumed by Stryker's incremental mode also reports reused mutants outside its lines.
  return { files: { [path]: { ...w, mutants: [...kept, ...r.mutants.filter(inside).map((m) => ({ ...m, original: mutantOriginal(r, m) }))] } } };
}

/**
 * Every src/runtime file's latest mutation figure, and the overall score summed over mutants.
 * A file's figure is its whole-file entry, re-scored from its report with the current equivalent
 * list (from the entry itself when the report is gone); a range entry measured later on the same
 * text as the whole-file one, and as the file now, replaces the mutants inside its lines (Stryker
 * mutates a range's mutants exactly as the whole file's, so they are the same mutants). Anything
 * else (ranges of a file with no whole-file figure, or of another text) is listed beside it and
 * left out of the overall figure, except ranges on the current text that together hold every
 * mutant: they make the figure of a file with no whole-file one, or with a stale one. `sources` holds each file's current text (stale = measured on
 * another text).
 */
export function mutationSummary(files: readonly FileMutants[], sources: ReadonlyMap<string, string>, measured: readonly MeasuredScore[], equivalent: readonly EquivalentMutant[]): MutationSummary {
  const rows = [...files]
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))
    .map((f): SummaryRow => {
      const of = measured.filter((m) => mutateTarget(m.score.file).path === f.file);
      // Texts are told apart by their hash: a recorded report keeps only that.
      const textOf = (m: MeasuredScore): string | null => {
        const r = m.report?.files[f.file];
        return r?.textHash ?? (r?.source === undefined ? null : textHash(r.source));
      };
      const now = textHash(sources.get(f.file) ?? '');
      const stale = (m: MeasuredScore): boolean | null => (textOf(m) === null ? null : textOf(m) !== now);
      const rescored = (m: MeasuredScore, report: StrykerJsonReport | null): MutationScore => {
        const r = report?.files[f.file];
        if (r === undefined) return m.score;
        // A range's own figure counts only the mutants inside its lines (see overlay).
        const lines = mutateTarget(m.score.file).range?.split('-').map(Number);
        const mutants = lines === undefined ? r.mutants : r.mutants.filter((x) => x.location.start.line >= lines[0]! && x.location.end.line <= lines[1]!);
        return mutationScores({ files: { [f.file]: { ...r, mutants } } }, equivalent, m.score.date ?? '')[0]!;
      };
      const figure = (m: MeasuredScore, report: StrykerJsonReport | null): Figure => ({ key: m.score.file, date: m.score.date ?? null, stale: stale(m), ...counts(rescored(m, report)) });
      // scores.json keeps one entry per key, so at most one whole-file entry.
      const latest = of.find((m) => mutateTarget(m.score.file).range === null);
      const ranges = of.filter((m) => mutateTarget(m.score.file).range !== null).sort((a, b) => (a.measuredAt ?? 0) - (b.measuredAt ?? 0));
      // Ranges on the current text that together hold every mutant of the file (later ones over
      // earlier ones) make its figure, as a whole-file run would, unless a whole-file figure of
      // the current text (or of an unknown one) stands: a stale one gives way to them.
      const current = ranges.filter((m) => m.report !== null && stale(m) === false);
      let joined: StrykerJsonReport = { files: { [f.file]: { source: sources.get(f.file) ?? '', textHash: now, mutants: [] } } };
      for (const m of current) joined = overlay(joined, f.file, m.report!, mutateTarget(m.score.file).range!);
      const joins = current.length > 0 && joined.files[f.file]!.mutants.length === f.mutants;
      if (latest === undefined || (joins && stale(latest) === true)) {
        if (joins) {
          const last = current[current.length - 1]!;
          const whole: Figure = { key: f.file, date: last.score.date ?? null, stale: false, ...counts(mutationScores(joined, equivalent, last.score.date ?? '')[0]!) };
          const used = current.map((m) => m.score.file);
          const replaced = latest === undefined ? null : figure(latest, latest.report);
          return { file: f.file, mutants: f.mutants, whole, joined: true, replaced, applied: used, superseded: [], ranges: ranges.filter((m) => !used.includes(m.score.file)).map((m) => figure(m, m.report)) };
        }
        return { file: f.file, mutants: f.mutants, whole: null, joined: false, replaced: null, applied: [], superseded: [], ranges: ranges.map((m) => figure(m, m.report)) };
      }
      const wholeText = textOf(latest);
      const applies = (m: MeasuredScore): boolean =>
        wholeText !== null && m.report !== null && textOf(m) === wholeText && (m.measuredAt ?? 0) > (latest.measuredAt ?? 0);
      let report = latest.report;
      const applied: string[] = [];
      for (const m of ranges) {
        if (report === null || !applies(m)) continue;
        report = overlay(report, f.file, m.report!, mutateTarget(m.score.file).range!);
        applied.push(m.score.file);
      }
      const earlier = (m: MeasuredScore): boolean => wholeText !== null && textOf(m) === wholeText && !applied.includes(m.score.file);
      return {
        file: f.file,
        mutants: f.mutants,
        whole: figure(latest, report),
        joined: false,
        replaced: null,
        applied,
        superseded: ranges.filter(earlier).map((m) => m.score.file),
        ranges: ranges.filter((m) => !applied.includes(m.score.file) && !earlier(m)).map((m) => figure(m, m.report)),
      };
    });
  const wholes = rows.flatMap((r) => (r.whole === null ? [] : [r.whole]));
  const total = (figures: readonly Figure[]): FigureCounts & { files: number } => {
    const sum = (k: 'mutants' | 'detected' | 'equivalent'): number => figures.reduce((a, w) => a + w[k], 0);
    const [mutants, detected, eq] = [sum('mutants'), sum('detected'), sum('equivalent')];
    return { mutants, detected, equivalent: eq, score: pct(detected, mutants), scoreWithoutEquivalent: pct(detected, mutants - eq), files: figures.length };
  };
  return {
    rows,
    overall: { ...total(wholes), staleFiles: wholes.filter((w) => w.stale !== false).length, runtimeMutants: files.reduce((a, f) => a + f.mutants, 0) },
    current: total(wholes.filter((w) => w.stale === false)),
  };
}

const showPct = (p: number | null): string => (p === null ? '-' : `${p}%`);
const staleNote = (s: boolean | null): string => (s === true ? 'STALE (measured on another text)' : s === null ? 'text unknown (no report kept)' : 'current text');

/** The summary as a Markdown table (one row per file) and the overall line. */
export function formatMutationSummary(s: MutationSummary): string {
  const lines = ['| file | mutants now | measured | detected | listed eq. | raw | w/o eq. | date | figure |', '|---|---|---|---|---|---|---|---|---|'];
  for (const r of s.rows) {
    const notes: string[] = [];
    const range = (k: string): string => mutateTarget(k).range!;
    if (r.joined) notes.push(`no whole-file run${r.replaced === null ? '' : ' on the current text'}: joined from ranges ${r.applied.map(range).join(', ')} on the current text`);
    if (r.replaced !== null) notes.push(`in place of the STALE whole-file figure of ${r.replaced.date ?? 'an unknown date'} (${r.replaced.detected}/${r.replaced.mutants}, ${showPct(r.replaced.scoreWithoutEquivalent)} w/o eq.)`);
    else if (r.whole !== null) notes.push(`whole file, ${staleNote(r.whole.stale)}`);
    else notes.push(r.mutants === 0 ? 'no mutants' : 'no whole-file figure');
    if (r.applied.length > 0 && !r.joined) notes.push(`with later ranges ${r.applied.map(range).join(', ')}`);
    if (r.superseded.length > 0) notes.push(`${r.superseded.length} earlier range(s) measured again by it`);
    for (const stale of [false, true, null]) {
      const gs = r.ranges.filter((g) => g.stale === stale).sort((a, b) => parseInt(range(a.key), 10) - parseInt(range(b.key), 10));
      if (gs.length > 0) notes.push(`range(s) on ${stale === false ? 'the current text' : stale ? 'another text' : 'an unknown text'}${r.whole !== null ? ', not in the figure' : ''}: ${gs.map((g) => `${range(g.key)} ${g.detected}/${g.mutants} (${showPct(g.scoreWithoutEquivalent)} w/o eq.)`).join(', ')}`);
    }
    const w = r.whole;
    lines.push(`| ${r.file} | ${r.mutants} | ${w?.mutants ?? '-'} | ${w?.detected ?? '-'} | ${w?.equivalent ?? '-'} | ${showPct(w?.score ?? null)} | ${showPct(w?.scoreWithoutEquivalent ?? null)} | ${w?.date ?? '-'} | ${notes.join('; ')} |`);
  }
  const o = s.overall;
  lines.push(
    '',
    `overall: ${o.detected} detected of ${o.mutants} mutants measured in ${o.files} files with a whole-file figure (${o.staleFiles} of them stale or of unknown text; src/runtime has ${o.runtimeMutants} mutants now): raw ${showPct(o.score)}, ${showPct(o.scoreWithoutEquivalent)} without the ${o.equivalent} listed equivalents`,
    `on the current text only: ${s.current.detected} detected of ${s.current.mutants} in ${s.current.files} files: raw ${showPct(s.current.score)}, ${showPct(s.current.scoreWithoutEquivalent)} without the ${s.current.equivalent} listed equivalents`,
  );
  return `${lines.join('\n')}\n`;
}
