import type { GcRuntime } from '../../src/runtime/gcHeap';
import { builtinCollectors } from '../../src/runtime/collectors/builtinCollectors';

/**
 * BROKEN ON PURPOSE: the built-in DRC collector renamed in place ('drc-renamed'). The CLI takes it
 * for the built-in (it is the same object, so no module path is recorded), while a reproducer's
 * replay looks the new name up among the built-ins and finds nothing: no finding of a session on
 * it could be replayed. Expected: the CLI refuses it (CollectorLoadError, exit 2) before any case.
 */
(builtinCollectors.drc as { name: string }).name = 'drc-renamed';

export default builtinCollectors.drc as GcRuntime;
