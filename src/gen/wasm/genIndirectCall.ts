import type { BodyGen } from './genBody';
import { ref } from './typeSpace';

/** Arguments, then a call_indirect or call_ref of a leaf function of type `typeIndex` (only leaves are reachable this way). */
export function genIndirectCall(gen: BodyGen, typeIndex: number, d: number): void {
  const { c, ctx, ts } = gen;
  const ft = ts.func(typeIndex);
  gen.callArgs(ft, d);
  const tables = ctx.tables.map((t, i) => [t, i] as const).filter(([t]) => ts.heapSub(t.element.heap, 'func')).map(([, i]) => i);
  if (tables.length > 0 && c.chance(0.4)) {
    gen.index(d);
    gen.op('call_indirect', typeIndex, c.pick(tables));
  } else {
    gen.operand(ref(true, typeIndex), d - 1);
    gen.op('call_ref', typeIndex);
  }
}
