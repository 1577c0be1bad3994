import type { BodyGen } from './genBody';
import { genAlloc } from './genAlloc';
import { ANY_NULL, EXTERN_NULL } from './typeSpace';

/**
 * A call of the host's `hand_back`, which hands three refs to Wasm in one return (a new host
 * object, its anyref argument, another new host object): the shape of CVE-2021-39216, where the
 * collection that inserting the second ref started freed the first. The anyref argument is mostly
 * a fresh struct or array, so that only the host holds it during the call. Every result is then
 * used: the two on top go to new locals (later statements read them), the new host object is
 * kept in the host-keep global, passed to `extern_id` (the host-call trace records it) or stored
 * in a local too.
 */
export function genHandBack(gen: BodyGen, d: number): void {
  const { c, ts, ctx } = gen;
  const gcTypes = [...ts.indicesOf('struct'), ...ts.indicesOf('array')];
  if (gcTypes.length > 0 && c.chance(0.7)) genAlloc(gen, c.pick(gcTypes), d - 1);
  else gen.value(ANY_NULL, d - 1);
  gen.op('call', ctx.hostIndex.hand_back!);
  gen.op('local.set', gen.addLocal(EXTERN_NULL));
  gen.op('local.set', gen.addLocal(ANY_NULL));
  const idIdx = ctx.hostIndex.extern_id;
  gen.choose([
    [ctx.hostKeepGlobal !== null ? 2 : 0, () => gen.op('global.set', ctx.hostKeepGlobal!)],
    [idIdx !== undefined ? 2 : 0, () => {
      gen.op('call', idIdx!);
      gen.op('drop');
    }],
    [1, () => gen.op('local.set', gen.addLocal(EXTERN_NULL))],
  ]);
}
