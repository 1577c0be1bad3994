import type { HeapType, ValType } from '../../wasm/syntax/types';
import type { Choices } from './choices';
import { inhabited, type ConstEnv } from './genConstValue';
import { ref } from './typeSpace';

/**
 * A value type for a parameter, result, global or table slot: numbers, nullable and non-nullable
 * references to the module's struct and array types and to abstract heap types. Always inhabited
 * (a value of it can be built from constants), never a bottom type.
 */
export function genValType(env: ConstEnv, c: Choices = env.c): ValType {
  const { ts } = env;
  const gc = [...ts.indicesOf('struct'), ...ts.indicesOf('array')];
  for (;;) {
    let t: ValType;
    switch (c.weighted([5, 1, 1, 1, 4, 3, 1, 1, 1])) {
      case 0: t = 'i32'; break;
      case 1: t = 'i64'; break;
      case 2: t = 'f32'; break;
      case 3: t = 'f64'; break;
      case 4: t = gc.length > 0 ? ref(true, c.pick(gc)) : ref(true, 'eq'); break;
      case 5: t = ref(true, c.pick<HeapType>(['any', 'eq', 'i31', 'struct', 'array', 'extern'])); break;
      case 6: t = gc.length > 0 ? ref(false, c.pick(gc)) : ref(false, 'i31'); break;
      case 7: t = ref(false, c.pick<HeapType>(['any', 'eq', 'i31', 'extern'])); break;
      default: t = leafFuncRef(env, c); break;
    }
    if (inhabited(env, t)) return t;
  }
}

/** A nullable reference type for a table, element segment or local. */
export function genNullableRefType(env: ConstEnv, c: Choices = env.c): ValType & object {
  const gc = [...env.ts.indicesOf('struct'), ...env.ts.indicesOf('array')];
  switch (c.weighted([3, 3, 1])) {
    case 0: return gc.length > 0 ? ref(true, c.pick(gc)) : ref(true, 'any');
    case 1: return ref(true, c.pick<HeapType>(['any', 'eq', 'i31', 'struct', 'array', 'extern']));
    default: return leafFuncRef(env, c);
  }
}

function leafFuncRef(env: ConstEnv, c: Choices): ValType & object {
  if (env.leaves.length > 0 && c.chance(0.5)) return ref(true, env.funcs[c.pick(env.leaves)]!.typeIndex);
  return ref(true, 'func');
}

/** A type JavaScript can pass to an exported function: numbers and nullable externref. */
export function genJsParamType(c: Choices): ValType {
  switch (c.weighted([5, 1, 1, 1, 3])) {
    case 0: return 'i32';
    case 1: return 'i64';
    case 2: return 'f32';
    case 3: return 'f64';
    default: return ref(true, 'extern');
  }
}
