import type { HeapType, RefType } from '../../wasm/syntax/types';
import { castTargetsWithin } from './castTargetsWithin';
import { deepOptions } from './deepOptions';
import { genAlloc } from './genAlloc';
import type { BodyGen } from './genBody';
import { genConstValue, inhabited } from './genConstValue';
import type { Option } from './option';
import { ref, EXTERN_NULL } from './typeSpace';


/**
 * Emits instructions leaving one value of a subtype of reference type `t` (which must be
 * inhabited). `avoidNull`: mostly a real object rather than null (see `BodyGen.value`).
 */
export function genRefExpr(gen: BodyGen, t: RefType, d: number, avoidNull: boolean): void {
  const { c, ts } = gen;
  const shallow = d <= 0 || gen.full;
  const h = t.heap;
  const top = ts.top(h);
  const nullW = t.nullable && !avoidNull ? 1 : 0;
  const getters = gen.getterOptions(t, avoidNull ? 16 : shallow ? 6 : 5);
  if (shallow) {
    const options: Option[] = [[nullW, () => refNull(gen, t)], [avoidNull ? 4 : 2, () => genConstValue(gen.ctx, avoidNull && inhabited(gen.ctx, ref(false, h)) ? ref(false, h) : t, avoidNull ? 1 : 0, gen.out)], ...getters];
    gen.choose(options);
    return;
  }
  const options: Option[] = [[nullW, () => refNull(gen, t)], [1, () => gen.cheap(t)], ...getters];
  const allocs = allocCandidates(gen, h);
  options.push([allocs.length > 0 ? 6 : 0, () => genAlloc(gen, c.pick(allocs), d)]);
  options.push([ts.heapSub('i31', h) ? 2 : 0, () => {
    gen.expr('i32', d - 1);
    gen.op('ref.i31');
  }]);
  if (!t.nullable) {
    options.push([2, () => {
      genRefExpr(gen, ref(true, h), d - 1, true);
      gen.op('ref.as_non_null');
    }]);
  }
  if (h === 'any') options.push([1, () => {
    gen.expr(ref(t.nullable, 'extern'), d - 1);
    gen.op('any.convert_extern');
  }]);
  if (h === 'extern') {
    options.push([2, () => {
      gen.expr(ref(t.nullable, 'any'), d - 1);
      gen.op('extern.convert_any');
    }]);
    const hosts = (['make_extern', 'pick_extern', 'identity'] as const).filter((n) => gen.ctx.hostIndex[n] !== undefined && (t.nullable || n === 'make_extern'));
    options.push([hosts.length > 0 ? 4 : 0, () => {
      const n = c.pick(hosts);
      if (n === 'identity') gen.expr(EXTERN_NULL, d - 1);
      else gen.expr('i32', d - 1);
      gen.op('call', gen.ctx.hostIndex[n]!);
      if (!t.nullable) gen.op('ref.as_non_null');
    }]);
  }
  if (top === 'func') {
    const fs = gen.ctx.leaves.filter((f) => ts.heapSub(gen.ctx.funcs[f]!.typeIndex, h));
    options.push([fs.length > 0 ? 3 : 0, () => gen.op('ref.func', c.pick(fs))]);
  }
  options.push(...deepOptions(gen, t, d));
  options.push([1, () => refCast(gen, t, d)]);
  options.push([1, () => brOnCastExpr(gen, t, d)]);
  options.push([1, () => brOnCastFailExpr(gen, t, d)]);
  options.push([1, () => brOnNullExpr(gen, t, d)]);
  options.push([1, () => brOnNonNullExpr(gen, t, d)]);
  const tables = gen.ctx.tables.map((tt, i) => [tt, i] as const).filter(([tt]) => ts.valSub(tt.element, t)).map(([, i]) => i);
  options.push([tables.length > 0 ? 2 : 0, () => {
    gen.index(d);
    gen.op('table.get', c.pick(tables));
  }]);
  gen.choose(options);
}

function refNull(gen: BodyGen, t: RefType): void {
  gen.op('ref.null', gen.c.chance(0.6) ? t.heap : gen.ts.bottom(t.heap));
}

/** Struct and array types (and so allocations) whose values match heap type `h`. */
function allocCandidates(gen: BodyGen, h: HeapType): number[] {
  const out: number[] = [];
  for (let i = 0; i < gen.ts.size; i++) if (gen.ts.comp(i).kind !== 'func' && gen.ts.heapSub(i, h)) out.push(i);
  return out;
}

function refCast(gen: BodyGen, t: RefType, d: number): void {
  const { c, ts } = gen;
  const top = ts.top(t.heap);
  const targets = castTargetsWithin(gen, t.heap);
  const target = c.pick(targets);
  // Half the time the operand is statically a subtype of the target, so the cast mostly succeeds.
  gen.expr(c.chance(0.85) && inhabited(gen.ctx, ref(true, target)) ? ref(true, target) : ref(true, top), d - 1);
  gen.op(t.nullable && c.chance(0.8) ? 'ref.cast null' : 'ref.cast', target);
}

/** `block (result t) (expr rt1) br_on_cast 0 rt1 rt2 drop (expr t) end` with rt2 <: t. */
function brOnCastExpr(gen: BodyGen, t: RefType, d: number): void {
  const { c, ts } = gen;
  const from = ref(true, ts.top(t.heap));
  const to = ref(t.nullable && c.chance(0.5), c.pick(castTargetsWithin(gen, t.heap)));
  gen.op('block', gen.blockType(t));
  gen.withLabel([t], () => {
    gen.expr(from, d - 1);
    gen.op('br_on_cast', { label: 0, from, to });
    gen.op('drop');
    gen.expr(t, d - 1);
  });
  gen.op('end');
}

/** `block (result t) (expr t) br_on_cast_fail 0 t rt2 end` with rt2 <: t. */
function brOnCastFailExpr(gen: BodyGen, t: RefType, d: number): void {
  const { c } = gen;
  const to = ref(t.nullable && c.chance(0.5), c.pick(castTargetsWithin(gen, t.heap)));
  gen.op('block', gen.blockType(t));
  gen.withLabel([t], () => {
    gen.expr(t, d - 1);
    gen.op('br_on_cast_fail', { label: 0, from: t, to });
  });
  gen.op('end');
}

/** `block (result t) block (expr (ref null h)) br_on_null 0 br 1 end (expr t) end`. */
function brOnNullExpr(gen: BodyGen, t: RefType, d: number): void {
  gen.op('block', gen.blockType(t));
  gen.withLabel([t], () => {
    gen.op('block', { kind: 'empty' });
    gen.withLabel([], () => {
      gen.expr(ref(true, t.heap), d - 1);
      gen.op('br_on_null', 0);
      gen.op('br', 1);
    });
    gen.op('end');
    gen.expr(t, d - 1);
  });
  gen.op('end');
}

/** `block (result t) (expr (ref null h)) br_on_non_null 0 (expr t) end`. */
function brOnNonNullExpr(gen: BodyGen, t: RefType, d: number): void {
  gen.op('block', gen.blockType(t));
  gen.withLabel([t], () => {
    gen.expr(ref(true, t.heap), d - 1);
    gen.op('br_on_non_null', 0);
    gen.expr(t, d - 1);
  });
  gen.op('end');
}
