import * as fs from 'node:fs';
import * as path from 'node:path';
import { UsageError } from '../errors/UsageError';
import type { OracleName } from '../../oracles/OracleFailure';
import { ORACLE_NAMES } from '../../oracles/OracleFailure';

export const REPRODUCER_FORMAT = 'gcfuzz-reproducer';
export const REPRODUCER_VERSION = 1;

/**
 * A reproducer file: everything `npm run replay` needs (target, the collectors to run and where
 * external ones live, the case) and everything a reader needs (oracle, message, how it was found).
 * `case` is the target's own serialised case. Written atomically (temporary file, then rename).
 */
export interface Reproducer {
  readonly format: typeof REPRODUCER_FORMAT;
  readonly version: typeof REPRODUCER_VERSION;
  readonly target: string;
  /** The collector the failure was seen on. */
  readonly collector: string;
  /** The collectors the replay runs (more than one for a differential finding). */
  readonly collectors: readonly string[];
  /** Absolute module paths of external collectors, by name. */
  readonly collectorPaths: Readonly<Record<string, string>>;
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
}

/** Write `r` to `file` (directories created), atomically. */
export function writeReproducer(file: string, r: Reproducer): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(r, null, 1)}\n`);
  fs.renameSync(tmp, file);
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
  const r = (typeof j === 'object' && j !== null ? j : {}) as Record<string, unknown>;
  const bad = (what: string): never => {
    throw new UsageError(`corrupt reproducer ${file}: ${what}`);
  };
  if (r['format'] !== REPRODUCER_FORMAT) bad(`"format" is not "${REPRODUCER_FORMAT}"`);
  if (r['version'] !== REPRODUCER_VERSION) bad(`unsupported version ${String(r['version'])}`);
  if (typeof r['target'] !== 'string') bad('"target" missing');
  if (typeof r['collector'] !== 'string') bad('"collector" missing');
  const collectors = r['collectors'];
  if (!Array.isArray(collectors) || collectors.length === 0 || !collectors.every((c) => typeof c === 'string')) bad('"collectors" must be a non-empty list of names');
  const paths = r['collectorPaths'] ?? {};
  if (typeof paths !== 'object' || paths === null || Object.values(paths).some((p) => typeof p !== 'string')) bad('"collectorPaths" must map names to paths');
  if (!ORACLE_NAMES.includes(r['oracle'] as OracleName)) bad(`unknown oracle ${String(r['oracle'])}`);
  if (!('case' in r)) bad('"case" missing');
  for (const k of ['seed', 'run', 'caseSeed', 'opIndex', 'originalSize', 'size']) if (typeof r[k] !== 'number') bad(`"${k}" must be a number`);
  return r as unknown as Reproducer;
}

/** Reproducer file name: target, collector, oracle, seed and run (unique per session and finding). */
export function reproducerFileName(target: string, collector: string, oracle: string, seed: number, run: number): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9_.-]+/g, '_');
  return `${safe(target)}-${safe(collector)}-${safe(oracle)}-seed${seed}-run${run}.json`;
}

/** The command that replays `file`, relative to the working directory when inside it. */
export function replayCommand(file: string): string {
  const rel = path.relative(process.cwd(), file);
  const shown = rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
  return `npm run replay -- ${shown}`;
}
