import type { WasmCase } from '../../src/cases/wasmCase';
import type { Outcome } from './outcome';

/**
 * A way to run a Wasm-program case: the interpreter on some collector, the interpreter on the
 * reference model heap, or V8. `run` never throws for anything the case does (traps, resource
 * exhaustion, engine errors all become part of the Outcome); it throws OracleFailure only when
 * the engine itself checks an oracle (the interpreter engines' post-run GC checks).
 */
export interface Engine {
  readonly name: string;
  run(c: WasmCase): Outcome;
}
