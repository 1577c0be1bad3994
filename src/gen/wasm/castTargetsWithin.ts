import type { HeapType } from '../../wasm/syntax/types';
import type { BodyGen } from './genBody';
import { inhabited } from './genConstValue';
import { ref } from './typeSpace';

/** Heap types below `h` (itself included) that a cast may target. */
export function castTargetsWithin(gen: BodyGen, h: HeapType): HeapType[] {
  const { ts } = gen;
  const out: HeapType[] = [h];
  for (let i = 0; i < ts.size; i++) if (i !== h && ts.heapSub(i, h) && inhabited(gen.ctx, ref(false, i))) out.push(i);
  for (const a of ['eq', 'i31', 'struct', 'array'] as const) if (a !== h && ts.heapSub(a, h)) out.push(a);
  return out;
}
