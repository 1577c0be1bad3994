import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * The Wasm features Binaryen's translate-to-fuzz may use. GC and reference types are what this
 * source is for; Binaryen's default set (MVP, sign-ext, mutable globals, non-trapping float-to-int,
 * bulk memory, multivalue) stays on. Exception handling stays off: with it, wasm-opt 130 also
 * writes the legacy `try`/`catch`/`delegate` the interpreter does not run (2 of 3 sampled
 * modules had one, beside `try_table`) and imports tags (`fuzzing-support.wasmtag`, `jstag`). SIMD, threads,
 * memory64, tail calls, strings, stack switching and custom descriptors are off: the interpreter
 * does not run them.
 */
export const TTF_FEATURE_FLAGS = ['--enable-gc', '--enable-reference-types'] as const;

/** The pinned Binaryen release (package.json pins the npm `binaryen` package to it exactly). */
export const BINARYEN_VERSION = '130.0.0';

/** wasm-opt failed on an input (it accepts any bytes, so this is a Binaryen or harness fault). */
export class BinaryenError extends Error {
  constructor(message: string) {
    super(`wasm-opt -ttf: ${message}`);
    this.name = 'BinaryenError';
  }
}

type CallMain = (args: string[]) => number;

/** Runs of one loaded wasm-opt before it is loaded afresh (its C++ heap only grows). */
const RUNS_PER_INSTANCE = 500;

let loaded: { callMain: CallMain; runs: number; dir: string; messages: string[] } | null = null;

/**
 * Loads the npm package's `bin/wasm-opt` (an Emscripten build: JS with the Wasm inlined) into this
 * process, synchronously, so `callMain` can run it many times without a process per program.
 * Emscripten's `instantiateWasm` hook makes instantiation synchronous; its console output is
 * captured instead of printed.
 */
function load(): NonNullable<typeof loaded> {
  const req = createRequire(__filename);
  const path = req.resolve('binaryen/bin/wasm-opt');
  const version = (req('binaryen/package.json') as { version: string }).version;
  if (version !== BINARYEN_VERSION) throw new BinaryenError(`binaryen ${version} installed, ${BINARYEN_VERSION} expected (the ttf target's cases depend on the exact release)`);
  let src = readFileSync(path, 'utf8');
  if (src.startsWith('#!')) src = src.slice(src.indexOf('\n') + 1);
  const messages: string[] = [];
  const consoleHook = 'var out=console.log.bind(console);var err=console.error.bind(console);';
  if (!src.includes(consoleHook)) throw new BinaryenError('unexpected wasm-opt build (console hook not found)');
  src = src.replace(consoleHook, 'var out=(s)=>__messages.push(String(s));var err=out;');
  const prologue = 'Module.instantiateWasm=(info,done)=>{done(new WebAssembly.Instance(new WebAssembly.Module(findWasmBinary()),info));return {}};';
  const factory = new Function('Module', 'require', '__filename', '__dirname', '__messages', `${prologue}\n${src}\n;return callMain;`) as (...a: unknown[]) => CallMain;
  const mod: Record<string, unknown> = { noInitialRun: true, thisProgram: 'wasm-opt' };
  const callMain = factory(mod, req, path, dirname(path), messages);
  if (mod['calledRun'] !== true) throw new BinaryenError('wasm-opt did not initialise synchronously');
  return { callMain, runs: 0, dir: mkdtempSync(join(tmpdir(), 'gcfuzz-ttf-')), messages };
}

/**
 * Binaryen's translate-to-fuzz of `input` (any bytes; wasm-opt reads them as its random stream):
 * the binary of a valid module using `TTF_FEATURE_FLAGS`. Deterministic: the same bytes give the
 * same module (tests/gen/ttf checks it across fresh and reused loads).
 */
export function ttfModuleBytes(input: Uint8Array): Uint8Array {
  if (loaded === null || loaded.runs >= RUNS_PER_INSTANCE) {
    if (loaded !== null) rmSync(loaded.dir, { recursive: true, force: true });
    loaded = load();
    const dir = loaded.dir;
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  const l = loaded;
  l.runs++;
  const inPath = join(l.dir, 'in.bin');
  const outPath = join(l.dir, 'out.wasm');
  writeFileSync(inPath, input);
  rmSync(outPath, { force: true });
  l.messages.length = 0;
  const rc = l.callMain(['-ttf', inPath, ...TTF_FEATURE_FLAGS, '--quiet', '-o', outPath]);
  if (rc !== 0) {
    loaded = null; // a failed run may leave the C++ state inconsistent
    throw new BinaryenError(`exit ${rc}: ${l.messages.join('\n')}`);
  }
  return new Uint8Array(readFileSync(outPath));
}
