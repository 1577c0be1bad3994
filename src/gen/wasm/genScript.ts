import type { ArgValue, HostBehaviour, Invocation } from '../../cases/wasmCase';
import type { Module } from '../../wasm/syntax/module';
import type { ValType } from '../../wasm/syntax/types';
import type { Choices } from './choices';
import { genF32Bits, genF64, genI32, genI64 } from './genConstValue';
import type { FuncInfo } from './genContext';

/**
 * The invocation script: calls of exported functions with arguments (host objects fresh, reused
 * or null for externref parameters), and the host behaviour of the case.
 */
export function genScript(c: Choices, module: Module, funcs: readonly FuncInfo[], maxInvocations: number): { invocations: Invocation[]; host: HostBehaviour } {
  const exportsF = module.exports.filter((e) => e.kind === 'func');
  const invocations: Invocation[] = [];
  const n = 1 + c.int(maxInvocations);
  for (let i = 0; i < n && exportsF.length > 0; i++) {
    const e = c.pick(exportsF);
    invocations.push({ export: e.name, args: funcs[e.index]!.type.params.map((p) => genArg(c, p)) });
  }
  const host: HostBehaviour = { incrementSlices: 1 + c.int(4), abandonIncremental: c.chance(0.3) };
  // Drawn last so every earlier choice of a seed is unchanged. Small slice budgets make gc_step
  // slice (and abandon) collections between instructions; a low stack-roots floor lets the DRC
  // entering-Wasm trigger fire in programs this small (its default 1024 is never reached).
  const incrementBudget = c.chance(0.5) ? 1 + c.int(8) : undefined;
  const floor = c.chance(0.5) ? [1, 2, 4, 8, 16, 64][c.int(6)]! : undefined;
  return {
    invocations,
    host: { ...host, ...(incrementBudget !== undefined ? { incrementBudget } : {}), ...(floor !== undefined ? { stackRootsTriggerFloor: floor } : {}) },
  };
}

function genArg(c: Choices, t: ValType): ArgValue {
  switch (t) {
    case 'i32': return { t: 'i32', v: genI32(c) };
    case 'i64': return { t: 'i64', v: genI64(c).toString() };
    case 'f32': return { t: 'f32', bits: genF32Bits(c) };
    case 'f64': return { t: 'f64', v: genF64(c) };
    default:
      switch (c.weighted([1, 2, 2])) {
        case 0: return { t: 'externref', ref: 'null' };
        case 1: return { t: 'externref', ref: 'fresh' };
        default: return { t: 'externref', ref: { reuse: c.int(8) } };
      }
  }
}
