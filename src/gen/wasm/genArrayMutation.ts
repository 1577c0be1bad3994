import type { BodyGen } from './genBody';
import type { Option } from './option';
import { storageBytes } from './storageBytes';
import { ref, unpacked } from './typeSpace';

/** A statement writing array type `a`'s elements: array.set, fill, copy, init_data or init_elem. */
export function genArrayMutation(gen: BodyGen, a: number, d: number): void {
  const { c, ts, ctx } = gen;
  const at = ts.array(a);
  const st = at.element.storage;
  const aref = ref(true, a);
  const sources = ts.indicesOf('array').filter((b) => ts.valSub(unpacked(ts.array(b).element.storage), unpacked(st)) && (typeof st !== 'string' || ts.array(b).element.storage === st));
  const elems = typeof st === 'string' ? [] : ctx.elemTypes.map((et, i) => [et, i] as const).filter(([et]) => ts.valSub(et, unpacked(st))).map(([, i]) => i);
  const options: Option[] = [
    [4, () => {
      gen.arrayAndIndex(a, d);
      gen.storedValue(st, d);
      gen.op('array.set', a);
    }],
    [2, () => {
      gen.operand(aref, d - 1);
      gen.index(d);
      gen.storedValue(st, d);
      gen.op('i32.const', c.int(3));
      gen.op('array.fill', a);
    }],
    [2, () => {
      // The whole array: in bounds whatever its length, so every element's barrier runs.
      const t = gen.scratchLocal(aref);
      gen.operand(aref, d - 1);
      gen.op('local.tee', t);
      gen.op('i32.const', 0);
      gen.storedValue(st, d);
      gen.op('local.get', t);
      gen.op('array.len');
      gen.op('array.fill', a);
    }],
    [sources.length > 0 ? 2 : 0, () => {
      const b = c.pick(sources);
      gen.operand(aref, d - 1);
      gen.index(d);
      gen.operand(ref(true, b), d - 1);
      gen.index(d);
      gen.op('i32.const', c.int(3));
      gen.op('array.copy', a, b);
    }],
    [sources.length > 0 ? 2 : 0, () => {
      // From the start of both, as many elements as the shorter holds: in bounds, and with
      // a == b an overlapping copy onto itself.
      const b = c.pick(sources);
      const ta = gen.scratchLocal(aref);
      const tb = b === a ? ta : gen.scratchLocal(ref(true, b));
      gen.operand(aref, d - 1);
      gen.op('local.tee', ta);
      gen.op('i32.const', 0);
      if (b === a) gen.op('local.get', ta);
      else {
        gen.operand(ref(true, b), d - 1);
        gen.op('local.tee', tb);
      }
      gen.op('i32.const', 0);
      gen.op('local.get', ta);
      gen.op('array.len');
      gen.op('local.get', tb);
      gen.op('array.len');
      gen.op('local.get', ta);
      gen.op('array.len');
      gen.op('local.get', tb);
      gen.op('array.len');
      gen.op('i32.lt_u');
      gen.op('select');
      gen.op('array.copy', a, b);
    }],
    [typeof st === 'string' && ctx.dataLengths.length > 0 ? 1 : 0, () => {
      const seg = c.int(ctx.dataLengths.length);
      gen.operand(aref, d - 1);
      gen.op('i32.const', 0);
      gen.segmentRange(Math.min(2, gen.dataEntries(seg, storageBytes(st))));
      gen.op('array.init_data', a, seg);
    }],
    [elems.length > 0 ? 1 : 0, () => {
      const seg = gen.pickSegment(elems);
      gen.operand(aref, d - 1);
      gen.op('i32.const', 0);
      gen.segmentRange(Math.min(2, ctx.elemLengths[seg] ?? 0));
      gen.op('array.init_elem', a, seg);
    }],
  ];
  gen.choose(options);
}
