import type { WasmCase } from '../../src/cases/wasmCase';
import type { FinalHeap } from './checkProgramHeap';
import type { Outcome } from './outcome';

/**
 * A way to run a Wasm-program case: the interpreter on some collector, the interpreter on the
 * reference model heap, or V8. Running checks nothing: `run` never throws for anything the case
 * does (traps, resource exhaustion, engine errors all become part of the Outcome) and runs no
 * oracle. Engines with a heap of their own also hand back that heap after the final full
 * collection (`runWithFinalHeap`), which the caller gives to the program-heap oracles
 * (`checkFinalHeap`).
 */
export interface Engine {
  readonly name: string;
  run(c: WasmCase): Outcome;
  runWithFinalHeap?(c: WasmCase): { readonly outcome: Outcome; readonly finalHeap: FinalHeap | null };
}
