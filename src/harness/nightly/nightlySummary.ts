import { UsageError } from '../../errors/UsageError';
import { findingSignature, observationOf, type CaseListing } from './findingSignature';

/**
 * The shape of `reports/nightly/<date>/summary.json`, written by `npm run nightly`, combined by
 * `npm run merge-reports` and rendered to `index.html`. Version 1; readers reject other versions.
 * Counts are cumulative; times are seconds; dates are UTC `YYYY-MM-DD`. Fields added later
 * (a finding's signature, kind, size and listing; `mutation`) are optional on reading, so the
 * summaries of earlier nights still load.
 */
export const NIGHTLY_SUMMARY_VERSION = 1;

/** One progress line of a job: cumulative counts `t` seconds after the job started. */
export interface ProgressSample {
  readonly t: number;
  /** Cases run (seeded jobs) or inputs executed (coverage-guided jobs). */
  readonly runs: number;
  /** Operations executed, where the job reports them. */
  readonly ops: number | null;
  /** jsfuzz's coverage counter (hit statements + functions + branches), coverage-guided jobs only. */
  readonly coverage: number | null;
}

/** Seeded jobs run the `fuzz` CLI from a seed; coverage-guided jobs run jsfuzz over a `fuzz/` target. */
export type JobKind = 'seeded' | 'coverage-guided';

/** One target x collector (x engine) job of a nightly run. */
export interface JobSummary {
  /** Unique within a summary, stable across nights: e.g. `ops/drc`, `wasm/copying/v8`, `cov/decoder`. */
  readonly id: string;
  readonly kind: JobKind;
  readonly target: string;
  readonly collector: string | null;
  readonly engine: string | null;
  /** Shards (`i/N`) this job's numbers cover; more than one after merge-reports. */
  readonly shards: readonly string[];
  /** Base seed of a seeded job. */
  readonly seed: number | null;
  /** Wall-clock seconds the job ran (summed over shards after a merge). */
  readonly seconds: number;
  readonly runs: number;
  readonly ops: number | null;
  readonly findings: number;
  /** Final jsfuzz coverage counter (the maximum over shards after a merge). */
  readonly coverage: number | null;
  /** Why the job could not run or ended abnormally (not a finding); null when it ran normally. */
  readonly error: string | null;
  readonly samples: readonly ProgressSample[];
}

/** A failure an oracle (or a crash) reported, with the command that replays it. */
export interface Finding {
  readonly job: string;
  readonly target: string;
  readonly collector: string | null;
  readonly shard: string;
  /** The oracle that failed, or `crash` for an unexpected exception. */
  readonly oracle: string;
  readonly message: string;
  /** Reproducer path relative to the repository root. */
  readonly reproducer: string;
  readonly replay: string;
  /** Same string, same bug (findingSignature.ts): oracle, collector, op or instruction kind, first differing observation. */
  readonly signature: string;
  /** The op (op streams) or Wasm instruction (named by the oracle) where it was seen. */
  readonly kind: string;
  /** The minimised case's size; null when unknown. */
  readonly size: number | null;
  /** The case as WAT or an op list, for the report. */
  readonly listing: CaseListing | null;
}

/** A mutant the fuzzers did not catch (survived or not covered), with its reason if equivalent. */
export interface SurvivingMutant {
  readonly line: number;
  readonly mutator: string;
  readonly original: string;
  readonly replacement: string;
  /** The one-line reason from mutation/equivalent-mutants.json; null if not judged equivalent. */
  readonly equivalent: string | null;
}

/**
 * Mutation score of one source file under the fuzzers alone (`npm run mutation`): the latest
 * measurement of that file. Fields after `survived` are absent in older summaries.
 */
export interface MutationScore {
  readonly file: string;
  readonly killed: number;
  readonly survived: number;
  readonly timeout?: number;
  readonly noCoverage?: number;
  /** (killed + timeout) / all valid mutants, percent; null with no valid mutant. */
  readonly score?: number | null;
  /** The same without the survivors listed as equivalent. */
  readonly scoreWithoutEquivalent?: number | null;
  /** Day of the measurement (YYYY-MM-DD). */
  readonly date?: string;
  /** Wall-clock seconds of the file's Stryker run (build, dry run and the mutants it ran). */
  readonly seconds?: number;
  readonly survivors?: readonly SurvivingMutant[];
}

/** Coverage percentages (0..100) of one area. */
export interface CoveragePercents {
  readonly lines: number;
  readonly statements: number;
  readonly functions: number;
  readonly branches: number;
}

/** c8 coverage of the run: totals and per source directory (e.g. `src/runtime`). */
export interface CoverageRecord extends CoveragePercents {
  /** Where the numbers came from, e.g. `reports/nightly/2026-11-21/coverage/coverage-summary.json`. */
  readonly source: string;
  readonly directories: Readonly<Record<string, CoveragePercents>>;
}

/** A corpus directory the run grew and minimised. */
export interface CorpusRecord {
  readonly target: string;
  readonly dir: string;
  readonly files: number;
  readonly bytes: number;
  /** Files added by this run (kept after minimisation). */
  readonly added: number;
}

export interface NightlySummary {
  readonly version: typeof NIGHTLY_SUMMARY_VERSION;
  readonly date: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly timeBudgetSeconds: number;
  readonly workers: number;
  /** Shards covered: `['1/1']` for a whole run, several after merge-reports. */
  readonly shards: readonly string[];
  readonly commit: string | null;
  readonly node: string;
  readonly jobs: readonly JobSummary[];
  readonly findings: readonly Finding[];
  readonly coverage: CoverageRecord | null;
  readonly corpora: readonly CorpusRecord[];
  /** Mutation scores per file; null until a mutation run is part of the nightly. */
  readonly mutation: readonly MutationScore[] | null;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

function isObject(v: Json | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

class Reader {
  constructor(private readonly where: string) {}
  fail(what: string): never {
    throw new UsageError(`${this.where}: ${what}`);
  }
  obj(v: Json | undefined, path: string): JsonObject {
    return isObject(v) ? v : this.fail(`${path} must be an object`);
  }
  arr(v: Json | undefined, path: string): Json[] {
    return Array.isArray(v) ? v : this.fail(`${path} must be an array`);
  }
  str(v: Json | undefined, path: string): string {
    return typeof v === 'string' ? v : this.fail(`${path} must be a string`);
  }
  num(v: Json | undefined, path: string): number {
    return typeof v === 'number' && Number.isFinite(v) ? v : this.fail(`${path} must be a number`);
  }
  optStr(v: Json | undefined, path: string): string | null {
    return v === null || v === undefined ? null : this.str(v, path);
  }
  optNum(v: Json | undefined, path: string): number | null {
    return v === null || v === undefined ? null : this.num(v, path);
  }
  strs(v: Json | undefined, path: string): string[] {
    return this.arr(v, path).map((s, i) => this.str(s, `${path}[${i}]`));
  }
  percents(v: Json | undefined, path: string): CoveragePercents {
    const o = this.obj(v, path);
    return {
      lines: this.num(o.lines, `${path}.lines`),
      statements: this.num(o.statements, `${path}.statements`),
      functions: this.num(o.functions, `${path}.functions`),
      branches: this.num(o.branches, `${path}.branches`),
    };
  }
}

function readSample(r: Reader, v: Json, path: string): ProgressSample {
  const o = r.obj(v, path);
  return { t: r.num(o.t, `${path}.t`), runs: r.num(o.runs, `${path}.runs`), ops: r.optNum(o.ops, `${path}.ops`), coverage: r.optNum(o.coverage, `${path}.coverage`) };
}

function readJob(r: Reader, v: Json, path: string): JobSummary {
  const o = r.obj(v, path);
  const kind = r.str(o.kind, `${path}.kind`);
  if (kind !== 'seeded' && kind !== 'coverage-guided') r.fail(`${path}.kind must be seeded or coverage-guided`);
  return {
    id: r.str(o.id, `${path}.id`),
    kind,
    target: r.str(o.target, `${path}.target`),
    collector: r.optStr(o.collector, `${path}.collector`),
    engine: r.optStr(o.engine, `${path}.engine`),
    shards: r.strs(o.shards, `${path}.shards`),
    seed: r.optNum(o.seed, `${path}.seed`),
    seconds: r.num(o.seconds, `${path}.seconds`),
    runs: r.num(o.runs, `${path}.runs`),
    ops: r.optNum(o.ops, `${path}.ops`),
    findings: r.num(o.findings, `${path}.findings`),
    coverage: r.optNum(o.coverage, `${path}.coverage`),
    error: r.optStr(o.error, `${path}.error`),
    samples: r.arr(o.samples, `${path}.samples`).map((s, i) => readSample(r, s, `${path}.samples[${i}]`)),
  };
}

function readListing(r: Reader, v: Json | undefined, path: string): CaseListing | null {
  if (v === null || v === undefined) return null;
  const o = r.obj(v, path);
  const format = r.str(o.format, `${path}.format`);
  if (format !== 'wat' && format !== 'ops') r.fail(`${path}.format must be wat or ops`);
  return { format, text: r.str(o.text, `${path}.text`) };
}

function readFinding(r: Reader, v: Json, path: string): Finding {
  const o = r.obj(v, path);
  const oracle = r.str(o.oracle, `${path}.oracle`);
  const collector = r.optStr(o.collector, `${path}.collector`);
  const message = r.str(o.message, `${path}.message`);
  const kind = r.optStr(o.kind, `${path}.kind`) ?? 'unknown';
  return {
    job: r.str(o.job, `${path}.job`),
    target: r.str(o.target, `${path}.target`),
    collector,
    shard: r.str(o.shard, `${path}.shard`),
    oracle,
    message,
    reproducer: r.str(o.reproducer, `${path}.reproducer`),
    replay: r.str(o.replay, `${path}.replay`),
    signature: r.optStr(o.signature, `${path}.signature`) ?? findingSignature({ oracle, collector, kind, observation: observationOf(message) }),
    kind,
    size: r.optNum(o.size, `${path}.size`),
    listing: readListing(r, o.listing, `${path}.listing`),
  };
}

function readMutation(r: Reader, v: Json | undefined): MutationScore[] | null {
  if (v === null || v === undefined) return null;
  return r.arr(v, 'mutation').map((m, i) => {
    const o = r.obj(m, `mutation[${i}]`);
    return { file: r.str(o.file, `mutation[${i}].file`), killed: r.num(o.killed, `mutation[${i}].killed`), survived: r.num(o.survived, `mutation[${i}].survived`), ...readMutationDetail(o) };
  });
}

/** The optional detail of a mutation score, kept only if well-formed (an older summary lacks it). */
function readMutationDetail(o: JsonObject): Partial<MutationScore> {
  const num = (v: Json | undefined): number | undefined => (typeof v === 'number' ? v : undefined);
  const pct = (v: Json | undefined): number | null | undefined => (typeof v === 'number' || v === null ? v : undefined);
  const survivors = Array.isArray(o.survivors)
    ? o.survivors.flatMap((s): SurvivingMutant[] =>
        s !== null && typeof s === 'object' && !Array.isArray(s) && typeof s.line === 'number' && typeof s.mutator === 'string' && typeof s.original === 'string' && typeof s.replacement === 'string'
          ? [{ line: s.line, mutator: s.mutator, original: s.original, replacement: s.replacement, equivalent: typeof s.equivalent === 'string' ? s.equivalent : null }]
          : [],
      )
    : undefined;
  const d: { -readonly [K in keyof MutationScore]?: MutationScore[K] } = {};
  if (num(o.timeout) !== undefined) d.timeout = num(o.timeout);
  if (num(o.noCoverage) !== undefined) d.noCoverage = num(o.noCoverage);
  if (pct(o.score) !== undefined) d.score = pct(o.score);
  if (pct(o.scoreWithoutEquivalent) !== undefined) d.scoreWithoutEquivalent = pct(o.scoreWithoutEquivalent);
  if (typeof o.date === 'string') d.date = o.date;
  if (num(o.seconds) !== undefined) d.seconds = num(o.seconds);
  if (survivors !== undefined) d.survivors = survivors;
  return d;
}

function readCoverage(r: Reader, v: Json | undefined): CoverageRecord | null {
  if (v === null || v === undefined) return null;
  const o = r.obj(v, 'coverage');
  const dirs = r.obj(o.directories, 'coverage.directories');
  const directories: Record<string, CoveragePercents> = {};
  for (const [k, d] of Object.entries(dirs)) directories[k] = r.percents(d, `coverage.directories.${k}`);
  return { source: r.str(o.source, 'coverage.source'), ...r.percents(o, 'coverage'), directories };
}

function readCorpus(r: Reader, v: Json, path: string): CorpusRecord {
  const o = r.obj(v, path);
  return {
    target: r.str(o.target, `${path}.target`),
    dir: r.str(o.dir, `${path}.dir`),
    files: r.num(o.files, `${path}.files`),
    bytes: r.num(o.bytes, `${path}.bytes`),
    added: r.num(o.added, `${path}.added`),
  };
}

/**
 * Checks and returns a parsed summary.json; throws `UsageError` naming the first bad field
 * (`where` prefixes the message, e.g. the file path).
 */
export function readNightlySummary(json: unknown, where: string): NightlySummary {
  const r = new Reader(where);
  const o = r.obj(json as Json, 'summary');
  if (o.version !== NIGHTLY_SUMMARY_VERSION) r.fail(`unsupported summary version ${JSON.stringify(o.version ?? null)}`);
  return {
    version: NIGHTLY_SUMMARY_VERSION,
    date: r.str(o.date, 'date'),
    startedAt: r.str(o.startedAt, 'startedAt'),
    finishedAt: r.str(o.finishedAt, 'finishedAt'),
    timeBudgetSeconds: r.num(o.timeBudgetSeconds, 'timeBudgetSeconds'),
    workers: r.num(o.workers, 'workers'),
    shards: r.strs(o.shards, 'shards'),
    commit: r.optStr(o.commit, 'commit'),
    node: r.str(o.node, 'node'),
    jobs: r.arr(o.jobs, 'jobs').map((j, i) => readJob(r, j, `jobs[${i}]`)),
    findings: r.arr(o.findings, 'findings').map((f, i) => readFinding(r, f, `findings[${i}]`)),
    coverage: readCoverage(r, o.coverage),
    corpora: r.arr(o.corpora ?? [], 'corpora').map((c, i) => readCorpus(r, c, `corpora[${i}]`)),
    mutation: readMutation(r, o.mutation),
  };
}

/**
 * A mutation scores file (`reports/mutation/scores.json`, written by `npm run mutation`): the
 * latest score of each file measured. Throws `UsageError` naming `where` if it is malformed.
 */
export function readMutationScores(json: unknown, where: string): MutationScore[] {
  return readMutation(new Reader(where), json as Json) ?? [];
}
