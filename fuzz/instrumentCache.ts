import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';

/**
 * Why this exists: jsfuzz's worker instruments every module its target loads with istanbul
 * (Babel parse, instrument, print) each time a worker starts. That took 6 s (decoder), 15 s (ops)
 * and 18 s (wasm) on a 2-core machine, so a nightly job of a few seconds spent its whole budget
 * loading and ran one input (or, stopped while still loading, overran its budget until killed).
 * Instrumented code depends only on the source text, its file name and istanbul's version and
 * options, so it is cached on disk under a hash of those: the first worker of a night pays once,
 * every later worker (other jobs, restarts after a crash, corpus minimisation, tomorrow) loads
 * in well under a second. Coverage counters are unchanged: the cached text is what istanbul wrote.
 */

/** The environment variable naming the cache directory for the preload below. */
export const INSTRUMENT_CACHE_ENV = 'GCFUZZ_INSTRUMENT_CACHE';

/** The environment variable listing (as JSON) the only directories whose modules are instrumented. */
export const INSTRUMENT_ONLY_ENV = 'GCFUZZ_INSTRUMENT_ONLY';

/**
 * What coverage-guided fuzzing takes feedback from: the system under test (the runtime and its
 * collectors, the Wasm decoder/validator/interpreter) and the op semantics that drive it
 * (src/cases), relative to the compiled tree. Not the generators that turn bytes into cases
 * (src/gen): a generator branch that matters reaches new code of the runtime, validator,
 * interpreter or op semantics, while the Wasm generator's own counters made an instrumented wasm
 * exec about 1.6x as dear (bench:cov). Not the harness, the oracles, fast-check or yargs: their
 * counters say nothing new about the runtime, and jsfuzz's worker sums every counter after every
 * exec (getTotalCoverage), so instrumenting them roughly doubled the cost of an exec. An oracle
 * still fails the exec (a crash); it just earns no corpus entry.
 */
export const COVERAGE_FEEDBACK_DIRS: readonly string[] = ['src/runtime', 'src/wasm', 'src/cases'];

/** `COVERAGE_FEEDBACK_DIRS` as absolute directories of the compiled tree under `root`. */
export function feedbackDirs(root: string): string[] {
  return COVERAGE_FEEDBACK_DIRS.map((d) => join(root, 'dist', d) + sep);
}

/** Instruments only modules under one of `dirs` (absolute, ending in a separator); others load as written. */
export function onlyUnder(inner: Instrumenter, dirs: readonly string[]): Instrumenter {
  return {
    instrumentSync(code: string, filename: string, inputSourceMap?: unknown): string {
      return dirs.some((d) => filename.startsWith(d)) ? inner.instrumentSync(code, filename, inputSourceMap) : code;
    },
  };
}

/** The part of istanbul-lib-instrument's Instrumenter that jsfuzz's worker calls. */
export interface Instrumenter {
  instrumentSync(code: string, filename: string, inputSourceMap?: unknown): string;
}

interface IstanbulInstrument {
  createInstrumenter(opts?: unknown): Instrumenter;
}

/** istanbul-lib-instrument as jsfuzz's worker resolves it (the same module instance it will use). */
function jsfuzzRequire(): NodeJS.Require {
  return createRequire(require.resolve('jsfuzz/build/src/worker.js'));
}

/** Wraps `inner` so each `(version, options, filename, code)` is instrumented once per `dir`. */
export function cachingInstrumenter(inner: Instrumenter, dir: string, salt: string): Instrumenter {
  mkdirSync(dir, { recursive: true });
  return {
    instrumentSync(code: string, filename: string, inputSourceMap?: unknown): string {
      if (inputSourceMap !== undefined) return inner.instrumentSync(code, filename, inputSourceMap);
      const key = createHash('sha256').update(salt).update('\0').update(filename).update('\0').update(code).digest('hex');
      const file = join(dir, `${key}.js`);
      try {
        return readFileSync(file, 'utf8');
      } catch {
        // not cached yet
      }
      const out = inner.instrumentSync(code, filename);
      const tmp = `${file}.${process.pid}.tmp`;
      try {
        writeFileSync(tmp, out);
        renameSync(tmp, file);
      } catch {
        rmSync(tmp, { force: true });
      }
      return out;
    },
  };
}

/**
 * Makes every istanbul instrumenter created from now on in this process cache in `dir` (and, given
 * `only`, instrument nothing outside those directories). Must run before jsfuzz's worker module
 * loads (it calls createInstrumenter at load time): the preload `fuzz/instrumentCachePreload.ts`
 * does it through NODE_OPTIONS=--require.
 */
export function installInstrumentCache(dir: string, only?: readonly string[]): void {
  const req = jsfuzzRequire();
  const lib = req('istanbul-lib-instrument') as IstanbulInstrument;
  const version = (req('istanbul-lib-instrument/package.json') as { version: string }).version;
  const create = lib.createInstrumenter.bind(lib);
  lib.createInstrumenter = (opts?: unknown): Instrumenter => {
    const cached = cachingInstrumenter(create(opts), dir, `istanbul-lib-instrument@${version} ${JSON.stringify(opts ?? null)}`);
    return only === undefined ? cached : onlyUnder(cached, only);
  };
}

/** Where the nightly keeps the cache: `node_modules/.cache/gcfuzz-instrument` (the usual place for tool caches; never committed). */
export function defaultInstrumentCacheDir(root: string): string {
  return join(root, 'node_modules/.cache/gcfuzz-instrument');
}

/**
 * Environment for jsfuzz processes (driver and workers) that makes them use the cache in `dir`
 * and, given `only` (absolute directories, see feedbackDirs), instrument only modules under them.
 */
export function instrumentCacheEnv(dir: string, only?: readonly string[]): Record<string, string> {
  const preload = join(__dirname, 'instrumentCachePreload.js');
  const inherited = process.env.NODE_OPTIONS ?? '';
  return { [INSTRUMENT_CACHE_ENV]: dir, NODE_OPTIONS: `${inherited} --require ${JSON.stringify(preload)}`.trim(), ...(only !== undefined ? { [INSTRUMENT_ONLY_ENV]: JSON.stringify(only) } : {}) };
}

/**
 * Fills the cache for `targets` (compiled jsfuzz modules) by starting jsfuzz's own worker on each
 * without an IPC channel: it instruments and loads the target, then exits with nothing to do.
 * Resolves to the milliseconds it took; rejects if a worker fails to load its target.
 */
export async function warmInstrumentCache(targets: readonly string[], dir: string, extraEnv: Readonly<Record<string, string>> = {}): Promise<number> {
  const start = Date.now();
  const worker = require.resolve('jsfuzz/build/src/worker.js');
  const cwd = mkdtempSync(join(tmpdir(), 'gcfuzz-warm-'));
  try {
    for (const target of targets) {
      const env: NodeJS.ProcessEnv = { ...process.env, ...extraEnv, ...instrumentCacheEnv(dir) };
      delete env.NODE_V8_COVERAGE;
      await new Promise<void>((done, fail) => {
        const child = spawn(process.execPath, [worker, relative(cwd, target)], { cwd, stdio: ['ignore', 'ignore', 'pipe'], env });
        let err = '';
        child.stderr.on('data', (d: Buffer) => {
          err = (err + d.toString()).slice(-2000);
        });
        child.on('error', fail);
        child.on('close', (code) => (code === 0 ? done() : fail(new Error(`loading ${target} under instrumentation exited with ${code}: ${err.trim().split('\n').slice(-3).join(' | ')}`))));
      });
    }
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
  return Date.now() - start;
}
