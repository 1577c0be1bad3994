import type { ValType } from '../../wasm/syntax/types';
import type { BodyGen } from './genBody';
import { genIndirectCall } from './genIndirectCall';
import type { Option } from './option';
import { ref } from './typeSpace';

/** The compound ways to make a value of type `t` (numeric or reference): field and element reads, calls, if, br_if, select, local.tee. */
export function deepOptions(gen: BodyGen, t: ValType, d: number): Option[] {
  const { c } = gen;
  const fields = gen.fieldsReading(t);
  const arrays = gen.arraysReading(t);
  const callees = gen.funcsReturning(gen.callees(), t);
  const leafTypes = gen.leafTypesReturning(t);
  const tees = gen.localsMatching(t).filter((i) => !gen.reserved.has(i));
  return [
    [fields.length > 0 ? 4 : 0, () => structGet(gen, c.pick(fields), d)],
    [arrays.length > 0 ? 3 : 0, () => arrayGet(gen, c.pick(arrays), d)],
    [callees.length > 0 ? 3 : 0, () => {
      const f = c.pick(callees);
      gen.callArgs(f.type, d);
      gen.op('call', f.index);
    }],
    [leafTypes.length > 0 ? 2 : 0, () => genIndirectCall(gen, c.pick(leafTypes), d)],
    [2, () => ifExpr(gen, t, d)],
    [1, () => brIfExpr(gen, t, d)],
    [1, () => selectExpr(gen, t, d)],
    [tees.length > 0 ? 1 : 0, () => {
      const l = c.pick(tees);
      gen.expr(gen.locals[l]!, d - 1);
      gen.op('local.tee', l);
    }],
  ];
}

function structGet(gen: BodyGen, [s, f]: [number, number], d: number): void {
  gen.operand(ref(true, s), d - 1);
  const st = gen.ts.struct(s).fields[f]!.storage;
  gen.op(st === 'i8' || st === 'i16' ? (gen.c.chance(0.5) ? 'struct.get_s' : 'struct.get_u') : 'struct.get', s, f);
}

function arrayGet(gen: BodyGen, a: number, d: number): void {
  gen.arrayAndIndex(a, d);
  const st = gen.ts.array(a).element.storage;
  gen.op(st === 'i8' || st === 'i16' ? (gen.c.chance(0.5) ? 'array.get_s' : 'array.get_u') : 'array.get', a);
}

function ifExpr(gen: BodyGen, t: ValType, d: number): void {
  gen.expr('i32', d - 1);
  gen.op('if', gen.blockType(t));
  gen.withLabel([t], () => {
    gen.expr(t, d - 1);
    gen.op('else');
    gen.expr(t, d - 1);
  });
  gen.op('end');
}

function brIfExpr(gen: BodyGen, t: ValType, d: number): void {
  gen.op('block', gen.blockType(t));
  gen.withLabel([t], () => {
    gen.expr(t, d - 1);
    gen.expr('i32', d - 1);
    gen.op('br_if', 0);
    gen.op('drop');
    gen.expr(t, d - 1);
  });
  gen.op('end');
}

function selectExpr(gen: BodyGen, t: ValType, d: number): void {
  gen.expr(t, d - 1);
  gen.expr(t, d - 1);
  gen.expr('i32', d - 1);
  if (typeof t === 'string' && gen.c.chance(0.6)) gen.op('select');
  else gen.op('select t', [t]);
}
