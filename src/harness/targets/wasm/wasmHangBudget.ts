import type { WasmCase } from '../../../cases/wasmCase';
import { modelRun } from './reduce/modelRun';

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
 * the model run itself fails (the caller caps it with the full hang timeout). The model run is the
 * one the reducer's termination check made of the same candidate, when it made one (modelRun).
 */
export function wasmHangBudgetMs(w: WasmCase): number {
  const r = modelRun(w);
  return r === null ? Infinity : HANG_BASE_MS + r.executed * HANG_MS_PER_INSTRUCTION;
}
