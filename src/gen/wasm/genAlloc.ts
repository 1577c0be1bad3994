import type { BodyGen } from './genBody';
import type { Option } from './option';
import { storageBytes } from './storageBytes';
import { unpacked } from './typeSpace';

/** A new struct or array of type `ti`: by fields, fixed elements, length, default, or from a data or element segment. */
export function genAlloc(gen: BodyGen, ti: number, d: number): void {
  const { c, ts, ctx } = gen;
  const comp = ts.comp(ti);
  if (comp.kind === 'struct') {
    if (comp.fields.every((f) => ts.defaultable(f.storage)) && c.chance(0.3)) {
      gen.op('struct.new_default', ti);
      return;
    }
    for (const f of comp.fields) gen.value(unpacked(f.storage), d - 1);
    gen.op('struct.new', ti);
    return;
  }
  if (comp.kind !== 'array') return;
  const st = comp.element.storage;
  const elem = unpacked(st);
  const datas = ctx.dataLengths.map((_, i) => i);
  const elems = typeof st === 'string' ? [] : ctx.elemTypes.map((et, i) => [et, i] as const).filter(([et]) => ts.valSub(et, elem)).map(([, i]) => i);
  const options: Option[] = [
    [3, () => {
      const n = c.chance(0.95) ? 2 + c.int(3) : c.int(2);
      for (let k = 0; k < n; k++) gen.value(elem, d - 1);
      gen.op('array.new_fixed', ti, n);
    }],
    [3, () => {
      gen.value(elem, d - 1);
      gen.length(d, storageBytes(st));
      gen.op('array.new', ti);
    }],
    [ts.defaultable(st) ? 2 : 0, () => {
      gen.length(d, storageBytes(st));
      gen.op('array.new_default', ti);
    }],
    [typeof st === 'string' && datas.length > 0 ? 2 : 0, () => {
      const seg = c.pick(datas);
      gen.segmentRange(gen.dataEntries(seg, storageBytes(st)));
      gen.op('array.new_data', ti, seg);
    }],
    [elems.length > 0 ? 2 : 0, () => {
      const seg = gen.pickSegment(elems);
      gen.segmentRange(ctx.elemLengths[seg] ?? 0);
      gen.op('array.new_elem', ti, seg);
    }],
  ];
  gen.choose(options);
}
