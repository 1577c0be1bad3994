import type { ArgValue } from '../../../../cases/wasmCase';
import type { Candidate, ReductionPass } from './reductionPass';

/** The simplest argument of the same type: 0, or a null externref. */
function simplest(a: ArgValue): ArgValue {
  switch (a.t) {
    case 'i32':
    case 'f64':
      return { t: a.t, v: 0 };
    case 'i64':
      return { t: 'i64', v: '0' };
    case 'f32':
      return { t: 'f32', bits: 0 };
    case 'externref':
      return { t: 'externref', ref: 'null' };
  }
}

/** How far an argument is from its simplest value (0 when it is that value). */
export function argWeight(a: ArgValue): bigint {
  switch (a.t) {
    case 'i32':
      return BigInt(Math.abs(a.v));
    case 'i64':
      return BigInt(a.v) < 0n ? -BigInt(a.v) : BigInt(a.v);
    case 'f32':
      return a.bits === 0 ? 0n : 1n;
    case 'f64':
      return Object.is(a.v, 0) ? 0n : 1n;
    case 'externref':
      return a.ref === 'null' ? 0n : 1n;
  }
}

/** Each invocation argument, one at a time, replaced by the simplest value of its type. */
export const shrinkArguments: ReductionPass = (w) => {
  const out: Candidate[] = [];
  w.invocations.forEach((inv, k) => {
    inv.args.forEach((a, i) => {
      if (argWeight(a) === 0n) return;
      out.push(() => {
        const invocations = w.invocations.slice();
        invocations[k] = { ...inv, args: inv.args.map((x, j) => (j === i ? simplest(x) : x)) };
        return { ...w, invocations };
      });
    });
  });
  return out;
};
