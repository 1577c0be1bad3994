import type { WasmCase } from '../../../cases/wasmCase';
import { InterpreterEngine } from '../../../../oracles/engines/interpreterEngine';
import { modelCollector } from '../../../../oracles/engines/modelGcHeap';

const model = new InterpreterEngine({ collector: modelCollector, name: 'model', checkHeap: false });

/** Time every run of a candidate gets whatever it executes: thread hand-over, decoding, V8 compilation, scheduling on a loaded machine. */
export const HANG_BASE_MS = 1000;

/**
 * Time per Wasm instruction the candidate executes on the reference model heap. The candidate runs
 * on each engine (the model, every selected collector, V8), each well under a microsecond per
 * instruction, collections included; 20 µs leaves an order of magnitude for a loaded machine.
 */
export const HANG_MS_PER_INSTRUCTION = 0.02;

/**
 * How long a correct runtime may take on `w` (the wasm target's `hangBudgetMs`): a fixed part plus
 * a part proportional to the instructions `w` executes on the interpreter over the reference model
 * heap, a count that is deterministic and bounded by fuel (the model's collector never loops). A
 * hang's shrinking candidate that runs longer is stuck in the collector under test. Infinity when
 * the model run itself fails (the caller caps it with the full hang timeout).
 */
export function wasmHangBudgetMs(w: WasmCase): number {
  try {
    return HANG_BASE_MS + model.run(w).stats['executed']! * HANG_MS_PER_INSTRUCTION;
  } catch {
    return Infinity;
  }
}
