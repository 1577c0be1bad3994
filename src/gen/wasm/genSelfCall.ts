import type { BodyGen } from './genBody';

/** `if (depth) { call self((depth - 1) & 7, ...) drop* }`: bounded recursion (see `BodyGen.recursive`). */
export function genSelfCall(gen: BodyGen): void {
  const t = gen.self.type;
  gen.op('local.get', 0);
  gen.op('if', { kind: 'empty' });
  gen.withLabel([], () => {
    gen.op('local.get', 0);
    gen.op('i32.const', 1);
    gen.op('i32.sub');
    gen.op('i32.const', 7);
    gen.op('i32.and');
    for (const p of t.params.slice(1)) gen.value(p, gen.ctx.limits.exprDepth - 1);
    gen.op('call', gen.self.index);
    for (let i = 0; i < t.results.length; i++) gen.op('drop');
  });
  gen.op('end');
}
