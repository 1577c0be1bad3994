import { createHash } from 'node:crypto';
import { UsageError } from '../../errors/UsageError';
import { mutateTarget } from './mutateTarget';
import { mutantOriginal, mutationScores, type ReportMutant, type StrykerJsonReport } from './mutationScores';
import type { MeasuredScore } from './mutationSummary';

/**
 * mutation/scores.json: the measured mutation figures kept in the repository, so that
 * `npm run mutation -- --summary` gives the same overall figure on a fresh clone (reports/ is never
 * committed). One entry per measurement key (a file, or `file:a-b` for a line range), written by
 * `npm run mutation -- --record`. An entry keeps what the summary needs of a Stryker report
 * without the file's source: the measured text's hash (stale when it differs from the file's text
 * now), each detected mutant's lines and status (so a later range can replace the mutants inside
 * its lines), and each missed mutant's mutator, original text and replacement (so the summary
 * re-scores it with the equivalent list as it is now).
 */
export interface RecordedScore {
  /** The file, plus `:a-b` for a line range (as in reports/mutation/scores.json). */
  readonly key: string;
  /** Day of the measurement (YYYY-MM-DD). */
  readonly date: string;
  /** When the Stryker report was written (ISO 8601): orders measurements of one key. */
  readonly measuredAt: string;
  /** The git commit checked out where it was measured (the file's text may differ: see `textHash`). */
  readonly commit: string | null;
  /** `textHash` of the file's text that was mutated. */
  readonly textHash: string;
  /** Wall-clock seconds of the Stryker run, when known. */
  readonly seconds: number | null;
  /** Counts of the statuses below (detected: killed + timeout), for a reader of the file. */
  readonly killed: number;
  readonly timeout: number;
  readonly survived: number;
  readonly noCoverage: number;
  /** Every other mutant (detected, or a compile or runtime error): first line, last line, Stryker's status. */
  readonly other: readonly (readonly [number, number, string])[];
  /** Every survived or no-coverage mutant. */
  readonly missed: readonly RecordedMissed[];
}

/** A missed mutant: first line, last line, status, mutator, original text, replacement. */
export type RecordedMissed = readonly [number, number, 'Survived' | 'NoCoverage', string, string, string];

/** The hash that names a file's text in mutation/scores.json: `sha256:` and 16 hex digits. */
export function textHash(text: string): string {
  return `sha256:${createHash('sha256').update(text).digest('hex').slice(0, 16)}`;
}

const isMissed = (status: string): status is RecordedMissed[2] => status === 'Survived' || status === 'NoCoverage';

/** The entry of one measurement: `report` holds one file (Stryker's report of a file or a range). */
export function recordScore(report: StrykerJsonReport, key: string, meta: { readonly date: string; readonly measuredAt: number; readonly commit: string | null; readonly seconds: number | null }): RecordedScore {
  const path = mutateTarget(key).path;
  const f = report.files[path];
  if (f === undefined) throw new UsageError(`no report of ${path} to record under ${key}`);
  const hash = f.textHash ?? (f.source !== undefined ? textHash(f.source) : null);
  if (hash === null) throw new UsageError(`the report of ${key} names no text`);
  // A range keeps only the mutants inside its lines (Stryker's rule): a range run resumed by its
  // incremental mode also reports reused mutants outside them.
  const range = mutateTarget(key).range?.split('-').map(Number) ?? null;
  const inRange = (m: ReportMutant): boolean => range === null || (m.location.start.line >= range[0]! && m.location.end.line <= range[1]!);
  const ordered = f.mutants.filter(inRange).sort((a, b) => a.location.start.line - b.location.start.line || a.location.end.line - b.location.end.line);
  const count = (status: string): number => ordered.filter((m) => m.status === status).length;
  return {
    key,
    date: meta.date,
    measuredAt: new Date(meta.measuredAt).toISOString(),
    commit: meta.commit,
    textHash: hash,
    seconds: meta.seconds,
    killed: count('Killed'),
    timeout: count('Timeout'),
    survived: count('Survived'),
    noCoverage: count('NoCoverage'),
    other: ordered.filter((m) => !isMissed(m.status)).map((m) => [m.location.start.line, m.location.end.line, m.status] as const),
    missed: ordered.flatMap((m) =>
      isMissed(m.status) ? [[m.location.start.line, m.location.end.line, m.status, m.mutatorName, mutantOriginal(f, m), m.replacement ?? ''] as const] : [],
    ),
  };
}

/** The entry as a report the summary reads (no source; columns are not kept, lines are). */
export function recordedReport(r: RecordedScore): StrykerJsonReport {
  const at = (start: number, end: number): ReportMutant['location'] => ({ start: { line: start, column: 1 }, end: { line: end, column: 1 } });
  const mutants: ReportMutant[] = [
    ...r.other.map(([a, b, status]) => ({ mutatorName: '', status, location: at(a, b) })),
    ...r.missed.map(([a, b, status, mutatorName, original, replacement]) => ({ mutatorName, replacement, status, original, location: at(a, b) })),
  ];
  return { files: { [mutateTarget(r.key).path]: { textHash: r.textHash, mutants } } };
}

/** The entry as the summary's input: scored with `equivalent` as it is now. */
export function recordedMeasured(r: RecordedScore, equivalent: Parameters<typeof mutationScores>[1]): MeasuredScore {
  const report = recordedReport(r);
  const score = { ...mutationScores(report, equivalent, r.date)[0]!, file: r.key, ...(r.seconds === null ? {} : { seconds: r.seconds }) };
  return { score, report, measuredAt: Date.parse(r.measuredAt) };
}

/**
 * `fresh` replaces the entries of the keys it measured; a line range measured before its file's
 * whole-file entry on the same text is dropped (that run measured its mutants again, so the summary
 * would never use it; one of another text is kept, as the summary lists it). Sorted by key.
 */
export function mergeRecorded(previous: readonly RecordedScore[], fresh: readonly RecordedScore[]): RecordedScore[] {
  const byKey = new Map(previous.map((r) => [r.key, r]));
  for (const r of fresh) byKey.set(r.key, r);
  const superseded = (r: RecordedScore): boolean => {
    const whole = byKey.get(mutateTarget(r.key).path);
    return mutateTarget(r.key).range !== null && whole !== undefined && r.textHash === whole.textHash && Date.parse(r.measuredAt) < Date.parse(whole.measuredAt);
  };
  return [...byKey.values()].filter((r) => !superseded(r)).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/**
 * Per key, the later of the measurement in reports/ (this checkout's runs) and the recorded one
 * (the same measurement, recorded, is as late: the report is kept, having its source).
 */
export function latestMeasured(fromReports: readonly MeasuredScore[], recorded: readonly MeasuredScore[]): MeasuredScore[] {
  const byKey = new Map(recorded.map((m) => [m.score.file, m]));
  for (const m of fromReports) {
    const r = byKey.get(m.score.file);
    if (r === undefined || (m.measuredAt ?? -Infinity) >= (r.measuredAt ?? -Infinity)) byKey.set(m.score.file, m);
  }
  return [...byKey.values()];
}

/** The file's text: one entry per line of `other` and of `missed`, so a diff shows what changed. */
export function formatRecordedScores(scores: readonly RecordedScore[]): string {
  const j = (v: unknown): string => JSON.stringify(v);
  const entry = (r: RecordedScore): string => {
    const head = (['key', 'date', 'measuredAt', 'commit', 'textHash', 'seconds', 'killed', 'timeout', 'survived', 'noCoverage'] as const).map((k) => `"${k}": ${j(r[k])}`).join(', ');
    const missed = r.missed.length === 0 ? '[]' : `[\n${r.missed.map((m) => `        ${j(m)}`).join(',\n')}\n      ]`;
    return `    {\n      ${head},\n      "other": ${j(r.other)},\n      "missed": ${missed}\n    }`;
  };
  return `{\n  "scores": [\n${scores.map(entry).join(',\n')}\n  ]\n}\n`;
}

/** mutation/scores.json's text read back; anything malformed or inconsistent is a `UsageError`. */
export function readRecordedScores(text: string, where: string): RecordedScore[] {
  const fail = (what: string): never => {
    throw new UsageError(`${where}: ${what}`);
  };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return fail(`not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const obj = (v: unknown, path: string): Record<string, unknown> => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : fail(`${path} must be an object`));
  const arr = (v: unknown, path: string): unknown[] => (Array.isArray(v) ? v : fail(`${path} must be an array`));
  const str = (v: unknown, path: string): string => (typeof v === 'string' ? v : fail(`${path} must be a string`));
  const int = (v: unknown, path: string): number => (Number.isInteger(v) && (v as number) >= 0 ? (v as number) : fail(`${path} must be a whole number`));
  const scores = arr(obj(json, 'the file').scores, 'scores').map((v, i): RecordedScore => {
    const p = `scores[${i}]`;
    const o = obj(v, p);
    const key = str(o.key, `${p}.key`);
    const line = (a: unknown, b: unknown, at: string): [number, number] => {
      const [x, y] = [int(a, at), int(b, at)];
      return x >= 1 && y >= x ? [x, y] : fail(`${at}: lines ${x}-${y}`);
    };
    const other = arr(o.other, `${p}.other`).map((m, n): [number, number, string] => {
      const t = arr(m, `${p}.other[${n}]`);
      if (t.length !== 3) fail(`${p}.other[${n}] must be [first line, last line, status]`);
      const status = str(t[2], `${p}.other[${n}][2]`);
      if (isMissed(status)) fail(`${p}.other[${n}]: a ${status} mutant belongs in missed`);
      return [...line(t[0], t[1], `${p}.other[${n}]`), status];
    });
    const missed = arr(o.missed, `${p}.missed`).map((m, n): RecordedMissed => {
      const q = `${p}.missed[${n}]`;
      const t = arr(m, q);
      if (t.length !== 6) fail(`${q} must be [first line, last line, status, mutator, original, replacement]`);
      const status = str(t[2], `${q}[2]`);
      if (!isMissed(status)) return fail(`${q}: status ${status}, not Survived or NoCoverage`);
      return [...line(t[0], t[1], q), status, str(t[3], `${q}[3]`), str(t[4], `${q}[4]`), str(t[5], `${q}[5]`)];
    });
    const r: RecordedScore = {
      key,
      date: /^\d{4}-\d{2}-\d{2}$/.test(str(o.date, `${p}.date`)) ? (o.date as string) : fail(`${p}.date must be YYYY-MM-DD`),
      measuredAt: Number.isNaN(Date.parse(str(o.measuredAt, `${p}.measuredAt`))) ? fail(`${p}.measuredAt must be a time`) : (o.measuredAt as string),
      commit: o.commit === null ? null : str(o.commit, `${p}.commit`),
      textHash: /^sha256:[0-9a-f]{16}$/.test(str(o.textHash, `${p}.textHash`)) ? (o.textHash as string) : fail(`${p}.textHash must be sha256: and 16 hex digits`),
      seconds: o.seconds === null ? null : int(o.seconds, `${p}.seconds`),
      killed: int(o.killed, `${p}.killed`),
      timeout: int(o.timeout, `${p}.timeout`),
      survived: int(o.survived, `${p}.survived`),
      noCoverage: int(o.noCoverage, `${p}.noCoverage`),
      other,
      missed,
    };
    const n = (s: string): number => other.filter((t) => t[2] === s).length + missed.filter((m) => m[2] === s).length;
    if (n('Killed') !== r.killed || n('Timeout') !== r.timeout || n('Survived') !== r.survived || n('NoCoverage') !== r.noCoverage) fail(`${p} (${key}): the counts do not match its mutants`);
    return r;
  });
  const keys = scores.map((r) => r.key);
  const twice = keys.find((k, i) => keys.indexOf(k) !== i);
  if (twice !== undefined) fail(`${twice} recorded twice`);
  return scores;
}
