import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import fc from 'fast-check';
import { OracleFailure } from '../oracles/OracleFailure';
import type { AnyFuzzTarget } from '../src/harness/fuzzTarget';
import { minimiseFailure } from '../src/harness/minimiseFailure';
import { REPRODUCER_FORMAT, REPRODUCER_VERSION, writeReproducer, type Reproducer } from '../src/harness/reproducer';
import { resolveCollectors } from '../src/harness/resolveCollectors';
import { runCase } from '../src/harness/runCase';
import { targetNames, getTarget } from '../src/harness/targetRegistry';
import { JSFUZZ_CRASH_FORMAT } from './replayJsfuzzInput';
import type { JsfuzzCrash } from './runJsfuzz';
import { HANG_CANDIDATE_SECONDS, minimiseHang, timeoutCollectorName, timeoutReproducer } from '../src/harness/writeTimeoutFinding';

const ROOT = resolve(__dirname, '../..');

/** A project reproducer written from a jsfuzz crash: it also carries the raw input. */
export interface JsfuzzReproducer extends Reproducer {
  readonly source: 'jsfuzz';
  /** The input jsfuzz found, base64; `fromBytes` of it is the case before minimisation. */
  readonly input: string;
}

/** What was written for a crash and how to replay it. */
export interface WrittenReproducer {
  readonly path: string;
  readonly replay: string;
  readonly oracle: string;
  readonly message: string;
  /** False when the crash did not recur in-process (a timeout, an out-of-memory kill, a flaky run). */
  readonly reproduced: boolean;
}

/** Budget for minimising a jsfuzz finding (deterministic run bound; the time bound is a safety net). */
const MINIMISE = { maxRuns: 1000, maxMs: 60_000 };

function shortHash(input: Buffer): string {
  return createHash('sha256').update(input).digest('hex').slice(0, 12);
}

function safe(s: string): string {
  return s.replace(/[^A-Za-z0-9_.-]+/g, '_');
}

/**
 * Turns a jsfuzz crash into a reproducer in `dir`. For a registry target the input is decoded
 * with the target's `fromBytes`, re-run in-process on the same collectors, minimised like a seeded
 * finding (same oracle, same collector), and written in the project's reproducer format (seed,
 * run and caseSeed are -1: it did not come from a seed) plus the raw input, so `npm run replay`
 * replays it. An input that hit jsfuzz's per-input timeout becomes a `timeout` reproducer, shrunk
 * in a worker thread (minimiseHang). A target not in the registry, or a crash that does not recur in-process, is written
 * as a raw record `{ target, collector, input, output }`, which `npm run replay` also replays (through
 * the jsfuzz target).
 */
export function writeCrashReproducer(targetName: string, collectorSpec: string, crash: JsfuzzCrash, dir: string): WrittenReproducer {
  mkdirSync(dir, { recursive: true });
  const target: AnyFuzzTarget | null = targetNames().includes(targetName) ? getTarget(targetName) : null;
  if (target !== null && /timeout reached/.test(crash.output)) return writeHang(target, collectorSpec, crash, dir);
  if (target !== null) {
    const selection = resolveCollectors(collectorSpec);
    const original = target.fromBytes(crash.input);
    let failure: OracleFailure | null = null;
    try {
      runCase(target, original, selection.collectors);
    } catch (e: unknown) {
      if (!(e instanceof OracleFailure)) throw e;
      failure = e;
    }
    if (failure !== null) {
      const m = minimiseFailure({ target, arbitrary: fc.constant(original), caseSeed: 0, original, failure, collectors: selection.collectors, budget: MINIMISE });
      const collector = m.failure.collector ?? selection.collectors[0]?.name ?? collectorSpec;
      const file = join(dir, `jsfuzz-${target.name}-${safe(collector)}-${m.failure.oracle}-${shortHash(crash.input)}.json`);
      const replay = `npm run replay -- ${relative(ROOT, file)}`;
      const r: JsfuzzReproducer = {
        format: REPRODUCER_FORMAT,
        version: REPRODUCER_VERSION,
        target: target.name,
        collector,
        collectors: selection.collectors.map((c) => c.name),
        collectorPaths: selection.paths,
        seed: -1,
        run: -1,
        caseSeed: -1,
        oracle: m.failure.oracle,
        opIndex: m.failure.opIndex,
        message: m.failure.message,
        minimised: true,
        originalSize: target.size(original),
        size: target.size(m.case),
        replay,
        case: target.serialise(m.case),
        source: 'jsfuzz',
        input: crash.input.toString('base64'),
      };
      writeReproducer(file, r);
      return { path: file, replay, oracle: r.oracle, message: r.message, reproduced: true };
    }
  }
  const file = join(dir, `jsfuzz-${targetName}-${shortHash(crash.input)}.json`);
  const message = crash.output.trim() || 'jsfuzz reported a crash with no message';
  const oracle = /OracleFailure: \[([\w-]+)\]/.exec(message)?.[1] ?? 'crash';
  writeFileSync(file, `${JSON.stringify({ format: JSFUZZ_CRASH_FORMAT, version: 1, target: targetName, collector: collectorSpec, oracle, message, reproducedInProcess: false, input: crash.input.toString('base64') }, null, 1)}\n`);
  return { path: file, replay: `npm run replay -- ${relative(ROOT, file)}`, oracle, message, reproduced: false };
}

/**
 * A jsfuzz input that ran past jsfuzz's per-input timeout: written as a `timeout` reproducer of
 * the decoded case, shrunk with candidates run in a worker thread under a timeout (running it here
 * would hang this process too); `npm run replay` also runs it under a timeout.
 */
function writeHang(target: AnyFuzzTarget, collectorSpec: string, crash: JsfuzzCrash, dir: string): WrittenReproducer {
  const file = join(dir, `jsfuzz-${target.name}-${safe(timeoutCollectorName(collectorSpec))}-timeout-${shortHash(crash.input)}.json`);
  const replay = `npm run replay -- ${relative(ROOT, file)}`;
  const why = crash.output.split('\n')[0] || 'jsfuzz timeout';
  const original = target.fromBytes(crash.input);
  const m = minimiseHang(target, collectorSpec, original, fc.constant(original), 0, MINIMISE, HANG_CANDIDATE_SECONDS * 1000);
  const r: JsfuzzReproducer = {
    ...timeoutReproducer(target, collectorSpec, m.case, { seed: -1, run: -1, caseSeed: -1 }, why, replay),
    originalSize: target.size(original),
    minimised: m.reproduced,
    source: 'jsfuzz',
    input: crash.input.toString('base64'),
  };
  writeReproducer(file, r);
  return { path: file, replay, oracle: 'timeout', message: r.message, reproduced: m.reproduced };
}
