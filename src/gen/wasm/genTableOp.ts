import type { BodyGen } from './genBody';
import type { Option } from './option';

/** A statement on one of the module's tables: set, fill, grow, copy, init or elem.drop. */
export function genTableOp(gen: BodyGen, d: number): void {
  const { c, ts, ctx } = gen;
  const ti = c.int(ctx.tables.length);
  const tt = ctx.tables[ti]!;
  const srcTables = ctx.tables.map((t, i) => [t, i] as const).filter(([t]) => ts.valSub(t.element, tt.element)).map(([, i]) => i);
  const elems = ctx.elemTypes.map((et, i) => [et, i] as const).filter(([et]) => ts.valSub(et, tt.element)).map(([, i]) => i);
  const options: Option[] = [
    [4, () => {
      gen.index(d);
      gen.value(tt.element, d - 1);
      gen.op('table.set', ti);
    }],
    [1, () => {
      gen.index(d);
      gen.value(tt.element, d - 1);
      gen.op('i32.const', c.int(2));
      gen.op('table.fill', ti);
    }],
    [1, () => {
      gen.value(tt.element, d - 1);
      gen.op('i32.const', c.int(3));
      gen.op('table.grow', ti);
      gen.op('drop');
    }],
    [srcTables.length > 0 ? 1 : 0, () => {
      gen.index(d);
      gen.index(d);
      gen.op('i32.const', c.int(2));
      gen.op('table.copy', ti, c.pick(srcTables));
    }],
    [elems.length > 0 ? 1 : 0, () => {
      const seg = gen.pickSegment(elems);
      gen.op('i32.const', 0);
      gen.segmentRange(Math.min(tt.limits.min, ctx.elemLengths[seg] ?? 0));
      gen.op('table.init', seg, ti);
    }],
    [ctx.elemTypes.length > 0 && c.chance(0.3) ? 1 : 0, () => gen.op('elem.drop', c.int(ctx.elemTypes.length))],
  ];
  gen.choose(options);
}
