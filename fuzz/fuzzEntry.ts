import type { AnyFuzzTarget } from '../src/harness/fuzzTarget';
import type { GcRuntime } from '../src/runtime/gcHeap';
import { resolveCollectors } from '../src/harness/resolveCollectors';
import { ResizableBufferArena, withBufferArena } from '../src/runtime/resizableArrayBuffer';

/**
 * The environment variable through which the driver tells a target which collectors to run
 * (`--collector`: `all`, `drc`, a module path). Defined here, not in jsfuzzTargets.ts, so a jsfuzz
 * target loads only its own target: everything it loads is instrumented, which is slow.
 */
export const COLLECTORS_ENV = 'GCFUZZ_COLLECTORS';

/**
 * Bytes of a coverage-guided input that become the case (the rest is ignored). An op case takes a
 * header of about 20 bytes and about 3 bytes per op, so 512 bytes are some 160 ops; a Wasm case
 * from 256 decision bytes has a few functions. Every seed in corpus/ops (up to 393 bytes) and
 * corpus/wasm (up to 196) fits whole, while jsfuzz's mutations grow inputs towards 4096 bytes,
 * whose cases cost an exec several times as much.
 */
export const COVERAGE_CASE_BYTES: Readonly<Record<string, number>> = { ops: 512, wasm: 256 };

/** The environment variable of `fuzz:cov --case-bytes N`: a cap other than COVERAGE_CASE_BYTES for the ops and wasm targets. */
export const CASE_BYTES_ENV = 'GCFUZZ_CASE_BYTES';

/** The case bytes of a coverage-guided input: its first COVERAGE_CASE_BYTES[target] bytes, or CASE_BYTES_ENV's (all of it for other targets). */
export function coverageCaseBytes(targetName: string, input: Uint8Array): Uint8Array {
  const cap = COVERAGE_CASE_BYTES[targetName];
  if (cap === undefined) return input;
  const override = process.env[CASE_BYTES_ENV];
  return input.subarray(0, override === undefined ? cap : Number(override));
}

/**
 * The one collector a coverage-guided exec runs on: the input's last byte picks it from the
 * selection (the first bytes of a case already choose its heap, so they would tie collector to heap
 * size). The last byte is also part of the case: a mutation of it moves the case to another
 * collector and changes at most its last op's operand.
 */
export function coverageCollector<T>(selection: readonly T[], input: Uint8Array): readonly T[] {
  if (selection.length <= 1) return selection;
  const i = (input.length === 0 ? 0 : (input[input.length - 1] ?? 0)) % selection.length;
  return [selection[i]!];
}

/**
 * The jsfuzz `fuzz(buf)` function of a registry target, made cheap per exec: the case is
 * `fromBytes` of the input's first COVERAGE_CASE_BYTES, run with every oracle on ONE collector
 * of those GCFUZZ_COLLECTORS names (default `all`), chosen by the input (coverageCollector). The
 * differential across collectors is left to the seeded fuzzer and to replay: a crash is re-run on
 * every selected collector when its reproducer is written (writeCrashReproducer), and the failing
 * collector is among them, so `npm run replay` of it fails the same way. Collectors are resolved
 * once, at load. An OracleFailure or any other exception propagates: jsfuzz records a crash.
 *
 * Errors made during an exec capture no stack (Error.stackTraceLimit = 0, restored after): the
 * runtime's traps are typed errors, made and caught many times per case, and capturing their
 * stacks was about a twentieth of an exec. A crash loses nothing: its reproducer is written by
 * re-running the case in the driver (writeCrashReproducer), and replay shows the full stack.
 *
 * Heaps and Wasm memories of an exec take their buffers from one arena that outlives the execs
 * (withBufferArena): nothing of an exec survives it, and a fresh resizable buffer costs more
 * than many small cases' ops.
 */
export function fuzzEntry(target: AnyFuzzTarget): (buf: Buffer) => void {
  const collectors: readonly GcRuntime[] = target.usesCollectors === false ? [] : resolveCollectors(process.env[COLLECTORS_ENV] ?? 'all').collectors;
  const arena = new ResizableBufferArena();
  return (buf) => {
    const bytes = coverageCaseBytes(target.name, buf);
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      withBufferArena(arena, () => target.run(target.fromBytes(bytes), coverageCollector(collectors, buf)));
    } finally {
      Error.stackTraceLimit = limit;
    }
  };
}
