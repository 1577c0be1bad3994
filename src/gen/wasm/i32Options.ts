import type { HeapType, RefType } from '../../wasm/syntax/types';
import type { BodyGen } from './genBody';
import type { Option } from './option';
import { ref, ANY_NULL, EXTERN_NULL, FUNC_NULL } from './typeSpace';


/** The ways to make an i32 that only i32 has: array lengths, reference tests and comparisons, i31 reads, host ids, table sizes. */
export function i32Options(gen: BodyGen, d: number): Option[] {
  const { c, ts, ctx } = gen;
  const hosts = (['extern_id'] as const).filter((h) => ctx.hostIndex[h] !== undefined);
  const tables = ctx.tables.map((_, i) => i);
  return [
    [ts.indicesOf('array').length > 0 ? 2 : 0, () => {
      gen.operand(ref(true, 'array'), d - 1);
      gen.op('array.len');
    }],
    [1, () => {
      gen.expr(anyRefType(gen), d - 1);
      gen.op('ref.is_null');
    }],
    [2, () => {
      const eq = ref(true, 'eq');
      gen.expr(eq, d - 1);
      gen.expr(eq, d - 1);
      gen.op('ref.eq');
    }],
    [3, () => refTest(gen, d)],
    [2, () => {
      gen.operand(ref(true, 'i31'), d - 1);
      gen.op(c.chance(0.5) ? 'i31.get_s' : 'i31.get_u');
    }],
    [hosts.length > 0 ? 2 : 0, () => {
      gen.expr(EXTERN_NULL, d - 1);
      gen.op('call', ctx.hostIndex.extern_id!);
    }],
    [tables.length > 0 ? 1 : 0, () => {
      const ti = c.pick(tables);
      if (c.chance(0.6)) {
        gen.op('table.size', ti);
      } else {
        gen.expr(ctx.tables[ti]!.element, d - 1);
        gen.op('i32.const', c.int(3));
        gen.op('table.grow', ti);
      }
    }],
  ];
}

/** Some nullable reference type (for ref.is_null and friends). */
function anyRefType(gen: BodyGen): RefType {
  return gen.c.pick([ANY_NULL, EXTERN_NULL, FUNC_NULL, ref(true, 'eq'), ANY_NULL]);
}

function refTest(gen: BodyGen, d: number): void {
  const { c } = gen;
  const top = c.pick<'any' | 'extern' | 'func'>(['any', 'any', 'any', 'extern', 'func']);
  gen.expr(ref(true, top), d - 1);
  gen.op(c.chance(0.5) ? 'ref.test' : 'ref.test null', castTarget(gen, top));
}

/** A heap type in `top`'s hierarchy to cast or test against. */
function castTarget(gen: BodyGen, top: HeapType): HeapType {
  const { c, ts } = gen;
  const concrete: number[] = [];
  for (let i = 0; i < ts.size; i++) if (ts.heapSub(i, top)) concrete.push(i);
  if (concrete.length > 0 && c.chance(0.65)) return c.pick(concrete);
  const abs: HeapType[] = ts.top(top) === 'any' ? ['any', 'eq', 'i31', 'struct', 'array', 'none'] : ts.top(top) === 'extern' ? ['extern', 'noextern'] : ['func', 'nofunc'];
  return c.pick(abs.filter((h) => ts.heapSub(h, top)));
}
