import type { GcRuntime } from '../gcHeap';
import { copyingCollector } from './copyingCollector';
import { drcCollector } from './drcCollector';
import { nullCollector } from './nullCollector';

export type BuiltinCollectorName = 'null' | 'drc' | 'copying';

/** The collectors shipped with the runtime, by the name the CLI accepts. */
export const builtinCollectors: Record<BuiltinCollectorName, GcRuntime> = {
  null: nullCollector,
  drc: drcCollector,
  copying: copyingCollector,
};
