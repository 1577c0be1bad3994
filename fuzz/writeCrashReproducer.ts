import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { OracleFailure } from '../oracles/OracleFailure';
import { minimiseFailure } from '../src/harness/minimiseFailure';
import { replayCommand, saveReproducer } from '../src/harness/reproducer';
import { resolveCollectors } from '../src/harness/resolveCollectors';
import { runCase } from '../src/harness/runCase';
import { prepareOutDir, storeFile } from '../src/harness/findingStore';
import { JSFUZZ_CRASH_FORMAT } from '../src/harness/replayInput';
import { targetNames, getTarget } from '../src/harness/targetRegistry';
import type { JsfuzzCrash } from './runJsfuzz';
import { coverageCaseBytes } from './fuzzEntry';
import { shownPath } from '../src/harness/userCwd';
import { HANG_CANDIDATE_SECONDS, minimiseHang, timeoutSpec } from '../src/harness/writeTimeoutFinding';

/** What was written for a crash and how to replay it. */
export interface WrittenReproducer {
  readonly path: string;
  readonly replay: string;
  readonly oracle: string;
  readonly message: string;
  /** False when the crash did not recur in-process (a timeout, an out-of-memory kill, a flaky run). */
  readonly reproduced: boolean;
  /** Why it is not in the directory asked for (null when it is). */
  readonly fallback: string | null;
  /** The case bytes as libFuzzer names a crash, `crash-<sha1>` beside the JSON (null if it could not be written). */
  readonly raw: string | null;
  /** How to replay the raw bytes on every selected collector (null without `raw`). */
  readonly rawReplay: string | null;
}

/** Budget for minimising a jsfuzz finding (deterministic run bound; the time bound is a safety net). */
const MINIMISE = { maxRuns: 1000, maxMs: 60_000 };

/** Origin of a finding that did not come from a seed. */
const NO_SEED = { seed: -1, run: -1, caseSeed: -1 };

/**
 * Turns a jsfuzz crash into a reproducer in `dir` (created if missing; findingStore falls back
 * elsewhere if it cannot be written). The input's case bytes (coverageCaseBytes, as the
 * target's fuzz entry cut them) are decoded with the target's `fromBytes`, re-run in-process on
 * EVERY selected collector (the exec that crashed ran one of them), minimised like a seeded finding (same
 * oracle, same collector) and saved by the one reproducer builder (seed, run and caseSeed are -1)
 * with the raw input, so `npm run replay` replays it. An input that hit jsfuzz's per-input timeout
 * becomes a `timeout` reproducer, shrunk in a worker thread (minimiseHang). A crash that does not
 * recur in-process is written as a raw record `{ target, collector, input, output }`, which
 * `npm run replay` also replays.
 */
export function writeCrashReproducer(targetName: string, collectorSpec: string, crash: JsfuzzCrash, dir: string): WrittenReproducer {
  try {
    prepareOutDir(dir);
  } catch {
    // not usable: the reproducer goes to the fallback directory (findingStore), and says so
  }
  // The bytes the target's fuzz entry made the case from (fuzz/fuzzEntry.ts caps them).
  const bytes = coverageCaseBytes(targetName, crash.input);
  const input = Buffer.from(bytes).toString('base64');
  const w = writeCrash(targetName, collectorSpec, crash, bytes, input, dir);
  const raw = w.path === '-' ? null : writeRawBeside(w.path, bytes);
  return { ...w, raw, rawReplay: raw === null ? null : `npm run replay -- --target ${targetName} ${collectorSpec === 'all' ? '' : `--collector ${collectorSpec} `}${shownPath(raw)}` };
}

/** libFuzzer's name for a crashing input: `crash-` and the SHA-1 of its bytes. */
export function crashFileName(bytes: Uint8Array): string {
  return `crash-${createHash('sha1').update(bytes).digest('hex')}`;
}

function writeRawBeside(json: string, bytes: Uint8Array): string | null {
  const file = join(dirname(json), crashFileName(bytes));
  try {
    writeFileSync(file, bytes);
    return file;
  } catch {
    return null; // the JSON reproducer holds the same bytes (base64 "input")
  }
}

function writeCrash(targetName: string, collectorSpec: string, crash: JsfuzzCrash, bytes: Uint8Array, input: string, dir: string): Omit<WrittenReproducer, 'raw' | 'rawReplay'> {
  if (targetNames().includes(targetName)) {
    const target = getTarget(targetName);
    const original = target.fromBytes(bytes);
    if (/timeout reached/.test(crash.output)) {
      const why = crash.output.split('\n')[0] || 'jsfuzz timeout';
      const m = minimiseHang(target, collectorSpec, original, fc.constant(original), 0, MINIMISE, HANG_CANDIDATE_SECONDS * 1000);
      const s = saveReproducer(dir, { ...timeoutSpec(target, collectorSpec, m.case, NO_SEED, why, target.size(original), m.reproduced), input });
      return { path: s.file, replay: s.replay, oracle: 'timeout', message: s.reproducer.message, reproduced: m.reproduced, fallback: s.fallback };
    }
    const selection = target.usesCollectors === false ? { collectors: [], paths: {} } : resolveCollectors(collectorSpec);
    let failure: OracleFailure | null = null;
    try {
      runCase(target, original, selection.collectors);
    } catch (e: unknown) {
      if (!(e instanceof OracleFailure)) throw e;
      failure = e;
    }
    if (failure !== null) {
      const m = minimiseFailure({ target, arbitrary: fc.constant(original), caseSeed: 0, original, failure, collectors: selection.collectors, budget: MINIMISE });
      const names = selection.collectors.map((c) => c.name);
      const s = saveReproducer(dir, {
        target,
        collector: m.failure.collector ?? names[0] ?? 'none',
        collectors: names,
        collectorPaths: selection.paths,
        origin: NO_SEED,
        oracle: m.failure.oracle,
        opIndex: m.failure.opIndex,
        message: m.failure.message,
        minimised: true,
        originalSize: target.size(original),
        case: m.case,
        input,
      });
      return { path: s.file, replay: s.replay, oracle: s.reproducer.oracle, message: s.reproducer.message, reproduced: true, fallback: s.fallback };
    }
  }
  const name = `jsfuzz-${targetName.replace(/[^A-Za-z0-9_.-]+/g, '_')}-${createHash('sha1').update(bytes).digest('hex').slice(0, 16)}.json`;
  const message = crash.output.trim() || 'jsfuzz reported a crash with no message';
  const oracle = /OracleFailure: \[([\w-]+)\]/.exec(message)?.[1] ?? 'crash';
  const record = { format: JSFUZZ_CRASH_FORMAT, version: 1, target: targetName, collector: collectorSpec, oracle, message, reproducedInProcess: false, input };
  const stored = storeFile(dir, name, () => `${JSON.stringify(record, null, 1)}\n`);
  return { path: stored.file, replay: replayCommand(stored.file === '-' ? join(dir, name) : stored.file), oracle, message, reproduced: false, fallback: stored.fallback };
}
