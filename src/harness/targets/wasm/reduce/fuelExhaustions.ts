import type { WasmCase } from '../../../../cases/wasmCase';
import { InterpreterEngine } from '../../../../../oracles/engines/interpreterEngine';
import { modelCollector } from '../../../../../oracles/engines/modelGcHeap';

const model = new InterpreterEngine({ collector: modelCollector, name: 'model', checkHeap: false });

/**
 * How many invocations of `w` run out of fuel on the interpreter over the reference model heap.
 * Generated programs terminate by their budget global; a reduction that deletes the budget check
 * of a loop makes one that does not, which the interpreter stops (fuel) but V8, which has no fuel,
 * would run forever, hanging the minimiser. The reducer drops such candidates before they run.
 */
export function fuelExhaustions(w: WasmCase): number {
  try {
    return model.run(w).invocations.filter((s) => s.kind === 'exhausted' && s.resource === 'fuel').length;
  } catch {
    // Whatever else goes wrong is for the oracles to judge when the candidate runs.
    return 0;
  }
}
