import type { GcRuntime } from '../gcHeap';
import { copyingCollector } from './copyingCollector';
import { drcCollector } from './drcCollector';
import { incrementalCollector, incrementalCollectorWith, DEFAULT_INCREMENTAL_ZEAL } from './incrementalCollector';
import { nullCollector } from './nullCollector';

export type BuiltinCollectorName = 'null' | 'drc' | 'copying' | 'incremental';

/** The collectors shipped with the runtime, by the name the CLI accepts. */
export const builtinCollectors: Record<BuiltinCollectorName, GcRuntime> = {
  null: nullCollector,
  drc: drcCollector,
  copying: copyingCollector,
  incremental: incrementalCollector,
};

const variants = new Map<string, GcRuntime>();

/**
 * `incremental:N`: the incremental collector with a slice every N allocations or barrier calls
 * (N = 0: no zeal, collections only when the store asks). The name is what reproducers record, so a
 * replay runs the same zeal. Null for any other name.
 */
export function incrementalZealVariant(name: string): GcRuntime | null {
  const m = /^incremental:(\d{1,7})$/.exec(name);
  if (m === null) return null;
  let c = variants.get(name);
  if (c === undefined) {
    const every = Number(m[1]);
    c = incrementalCollectorWith(every === 0 ? null : { ...DEFAULT_INCREMENTAL_ZEAL, every }, name);
    variants.set(name, c);
  }
  return c;
}
