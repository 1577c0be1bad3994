import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UsageError } from '../errors/UsageError';
import type { OracleName } from '../../oracles/OracleFailure';
import { ORACLE_NAMES } from '../../oracles/OracleFailure';
import type { AnyFuzzTarget } from './fuzzTarget';
import { storeFile, type StoreFs } from './findingStore';
import { shownPath } from './userCwd';
import { getTarget, targetNames } from './targetRegistry';

export const REPRODUCER_FORMAT = 'gcfuzz-reproducer';
export const REPRODUCER_VERSION = 1;

/**
 * A reproducer file: everything `npm run replay` needs (target, the collectors to run and where
 * external ones live, the case) and everything a reader needs (oracle, message, how it was found).
 * `case` is the target's own serialised case. Named by a hash of its content (reproducerFileName),
 * so no other session's finding can take its name; seed and run are inside.
 */
export interface Reproducer {
  readonly format: typeof REPRODUCER_FORMAT;
  readonly version: typeof REPRODUCER_VERSION;
  readonly target: string;
  /** The collector the failure was seen on (`all` for a hang of several collectors). */
  readonly collector: string;
  /** The collectors the replay runs (more than one for a differential finding). */
  readonly collectors: readonly string[];
  /**
   * Module paths of external collectors, by name: relative to the reproducer's own directory
   * (portable: the finding and its collector can move together), or absolute. `replay
   * --collector PATH` overrides them.
   */
  readonly collectorPaths: Readonly<Record<string, string>>;
  /** Session seed, run and the run's case seed; -1 for a finding that did not come from a seed (jsfuzz). */
  readonly seed: number;
  readonly run: number;
  readonly caseSeed: number;
  readonly oracle: OracleName;
  readonly opIndex: number;
  readonly message: string;
  readonly minimised: boolean;
  readonly originalSize: number;
  readonly size: number;
  readonly replay: string;
  readonly case: unknown;
  /** Present on jsfuzz findings: where it came from and the input jsfuzz found (base64). */
  readonly source?: 'jsfuzz';
  readonly input?: string;
}

/** Where a finding came from: a seeded run, or -1s for a coverage-guided input. */
export interface FindingOrigin {
  readonly seed: number;
  readonly run: number;
  readonly caseSeed: number;
}

/** Everything a reproducer says, before it has a file: the one builder for seeded, timeout and jsfuzz findings. */
export interface FindingSpec extends Pick<Reproducer, 'collector' | 'collectors' | 'oracle' | 'opIndex' | 'message' | 'minimised' | 'originalSize' | 'input'> {
  readonly target: AnyFuzzTarget;
  /** Absolute module paths of the external collectors among `collectors`. */
  readonly collectorPaths: Readonly<Record<string, string>>;
  readonly origin: FindingOrigin;
  /** The target's case (not serialised). */
  readonly case: unknown;
}

/** A reproducer on disk (or on stderr: file '-'), and why it is not in the directory asked for (null when it is). */
export interface SavedReproducer {
  readonly file: string;
  readonly replay: string;
  readonly fallback: string | null;
  readonly reproducer: Reproducer;
}

/** The reproducer of `spec` as written in `dir` (collector paths relative to it). */
export function buildReproducer(spec: FindingSpec, dir: string, file: string): Reproducer {
  const portable = Object.fromEntries(Object.entries(spec.collectorPaths).map(([n, p]) => [n, portablePath(dir, p)]));
  return {
    format: REPRODUCER_FORMAT,
    version: REPRODUCER_VERSION,
    target: spec.target.name,
    collector: spec.collector,
    collectors: spec.collectors,
    collectorPaths: portable,
    ...spec.origin,
    oracle: spec.oracle,
    opIndex: spec.opIndex,
    message: spec.message,
    minimised: spec.minimised,
    originalSize: spec.originalSize,
    size: spec.target.size(spec.case),
    replay: replayCommand(file),
    case: spec.target.serialise(spec.case),
    ...(spec.input !== undefined ? { source: 'jsfuzz' as const, input: spec.input } : {}),
  };
}

/**
 * `p` relative to `dir` (with '/') when they share a directory below the root (a project tree
 * moved or checked out elsewhere keeps working), else absolute.
 */
function portablePath(dir: string, p: string): string {
  const top = (x: string): string => path.resolve(x).split(path.sep).filter((s) => s !== '')[0] ?? '';
  return top(dir) !== '' && top(dir) === top(p) ? path.relative(dir, p).split(path.sep).join('/') : path.resolve(p);
}

/**
 * Writes the reproducer of `spec` into `outDir` under its content-hash name (falling back as
 * findingStore says), and removes `supersedes` (an earlier, larger reproducer of the same finding)
 * once the new one is safely written.
 */
export function saveReproducer(outDir: string, spec: FindingSpec, supersedes: string | null = null, fsOps?: StoreFs): SavedReproducer {
  const name = reproducerFileName(spec);
  let written: Reproducer | null = null;
  const stored = storeFile(outDir, name, (dir) => {
    written = buildReproducer(spec, dir, path.join(dir, name));
    return `${JSON.stringify(written, null, 1)}\n`;
  }, fsOps);
  if (supersedes !== null && supersedes !== stored.file && stored.file !== '-') {
    try {
      fs.unlinkSync(supersedes);
    } catch {
      // already gone
    }
  }
  const r = written as Reproducer | null;
  if (r === null) throw new Error('reproducer: nothing rendered');
  return { file: stored.file, replay: stored.file === '-' ? '(reproducer printed on stderr: save it to a file and replay that)' : r.replay, fallback: stored.fallback, reproducer: r };
}

/**
 * `<target>-<collector>-<oracle>-<hash>.json`, the hash (SHA-1, as libFuzzer's `crash-<sha1>`)
 * over target, collectors, oracle and case: two sessions write the same name only for the same
 * finding, whatever their seeds and flags.
 */
export function reproducerFileName(spec: FindingSpec): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9_.-]+/g, '_');
  const hash = createHash('sha1').update(JSON.stringify([spec.target.name, spec.collectors, spec.oracle, spec.target.serialise(spec.case)])).digest('hex');
  return `${safe(spec.target.name)}-${safe(spec.collector)}-${safe(spec.oracle)}-${hash.slice(0, 16)}.json`;
}

/** Write `r` to `file` as is (tests and tools; sessions use saveReproducer). */
export function writeReproducer(file: string, r: Reproducer): void {
  const stored = storeFile(path.dirname(file), path.basename(file), () => `${JSON.stringify(r, null, 1)}\n`);
  if (stored.fallback !== null) throw new Error(stored.fallback);
}

/** Read and validate a reproducer; UsageError (replay exit 2) on anything malformed. */
export function readReproducer(file: string): Reproducer {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read reproducer ${file}: ${(e as Error).message}`);
  }
  let j: unknown;
  try {
    j = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`corrupt reproducer ${file}: ${(e as Error).message}`);
  }
  const r = (typeof j === 'object' && j !== null && !Array.isArray(j) ? j : {}) as Record<string, unknown>;
  const bad = (what: string): never => {
    throw new UsageError(`corrupt reproducer ${file}: ${what}`);
  };
  if (r['format'] !== REPRODUCER_FORMAT) bad(`"format" is not "${REPRODUCER_FORMAT}"`);
  if (r['version'] !== REPRODUCER_VERSION) bad(`unsupported version ${String(r['version'])}`);
  if (typeof r['target'] !== 'string') bad('"target" missing');
  if (typeof r['collector'] !== 'string') bad('"collector" missing');
  const collectors = r['collectors'];
  const target = targetNames().includes(r['target'] as string) ? getTarget(r['target'] as string) : null;
  if (target === null) bad(`unknown target ${String(r['target'])}: use one of ${targetNames().join(', ')}`);
  if (!Array.isArray(collectors) || !collectors.every((c) => typeof c === 'string') || (collectors.length === 0 && target!.usesCollectors !== false)) bad('"collectors" must be a non-empty list of names');
  const paths = r['collectorPaths'] ?? {};
  if (typeof paths !== 'object' || paths === null || Object.values(paths).some((p) => typeof p !== 'string')) bad('"collectorPaths" must map names to paths');
  if (!ORACLE_NAMES.includes(r['oracle'] as OracleName)) bad(`unknown oracle ${String(r['oracle'])}`);
  if (!('case' in r)) bad('"case" missing');
  for (const k of ['seed', 'run', 'caseSeed', 'opIndex', 'originalSize', 'size']) if (!Number.isInteger(r[k])) bad(`"${k}" must be an integer`);
  if (r['input'] !== undefined && typeof r['input'] !== 'string') bad('"input" must be base64 text');
  return { ...r, collectorPaths: paths } as unknown as Reproducer;
}

/** The command that replays `file`, as the user would type it where they are. */
export function replayCommand(file: string): string {
  return `npm run replay -- ${shownPath(file)}`;
}
