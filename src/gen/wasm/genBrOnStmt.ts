import type { HeapType, RefType } from '../../wasm/syntax/types';
import { castTargetsWithin } from './castTargetsWithin';
import type { BodyGen } from './genBody';
import { ref } from './typeSpace';

/** br_on_null / br_on_non_null / br_on_cast(_fail) whose taken branch skips statements. */
export function genBrOnStmt(gen: BodyGen, depth: number): void {
  const { c } = gen;
  const d = gen.ctx.limits.exprDepth - 1;
  const locals = gen.writableLocals().filter((l) => typeof gen.locals[l] !== 'string');
  gen.op('block', { kind: 'empty' });
  gen.withLabel([], () => {
    if (locals.length > 0 && c.chance(0.5)) {
      const l = c.pick(locals);
      const lt = gen.locals[l] as RefType;
      if (c.chance(0.5)) {
        gen.op('local.get', l);
        gen.op('br_on_null', 0);
        gen.op('drop');
      } else {
        gen.op('block', { kind: 'value', type: ref(false, lt.heap) });
        gen.withLabel([ref(false, lt.heap)], () => {
          gen.op('local.get', l);
          gen.op('br_on_non_null', 0);
          gen.op('br', 1);
        });
        gen.op('end');
        gen.op('local.set', l);
      }
    } else {
      const from = ref(true, c.pick<HeapType>(['any', 'any', 'eq', 'extern', 'func']));
      const target = ref(c.chance(0.5), c.pick(castTargetsWithin(gen, from.heap)));
      gen.op('block', { kind: 'value', type: from });
      gen.withLabel([from], () => {
        gen.expr(from, d);
        gen.op(c.chance(0.5) ? 'br_on_cast' : 'br_on_cast_fail', { label: 0, from, to: target });
      });
      gen.op('end');
      gen.op('drop');
    }
    gen.stmts(depth - 1);
  });
  gen.op('end');
}
