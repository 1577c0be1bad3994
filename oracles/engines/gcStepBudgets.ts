import type { WasmCase } from '../../src/cases/wasmCase';

/**
 * Slice budgets for `gc_step` on a collector whose mutator runs between increments: 1-4 objects,
 * from an xorshift seeded by the case's host behaviour and size, so a case replays identically.
 */
export function gcStepBudgets(c: WasmCase): () => number {
  let x = 0x9e3779b9;
  for (const ch of JSON.stringify(c.host)) x = Math.imul(x ^ ch.charCodeAt(0), 0x01000193);
  x = (x ^ c.module.funcs.length ^ (c.invocations.length << 8)) >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return 1 + (x % 4);
  };
}
