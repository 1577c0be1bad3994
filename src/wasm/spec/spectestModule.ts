import { FUNCREF, type FuncType, type ValType } from '../syntax/types';
import type { ExternVal } from '../execution/externVal';
import { GlobalInstance } from '../execution/globalInstance';
import { hostFunc } from '../execution/hostFunc';
import { MemInstance } from '../execution/memInstance';
import { TableInstance } from '../execution/tableInstance';
import { ValKind } from '../execution/valKind';
import type { WasmStore } from '../execution/wasmStore';

/** f32 bits of 666.6 (round to nearest even). */
const F32_666_6 = 0x4426a666;

function global(type: ValType, kind: ValKind, value: number | bigint): GlobalInstance {
  const g = new GlobalInstance({ type, mutable: false }, kind);
  if (typeof value === 'bigint') g.i64 = value;
  else g.cell[0] = value;
  return g;
}

/**
 * The `spectest` module the reference interpreter provides to scripts (spec test README): globals
 * `global_i32`/`global_i64` = 666, `global_f32`/`global_f64` = 666.6, a funcref `table` 10..20, a
 * `memory` 1..2, and `print*` functions that do nothing (printing would only add noise).
 */
export function spectestModule(ws: WasmStore): Map<string, ExternVal> {
  const exports = new Map<string, ExternVal>();
  exports.set('global_i32', global('i32', ValKind.I32, 666));
  exports.set('global_i64', global('i64', ValKind.I64, 666n));
  exports.set('global_f32', global('f32', ValKind.F32, F32_666_6));
  exports.set('global_f64', global('f64', ValKind.F64, 666.6));
  exports.set('table', new TableInstance({ limits: { min: 10, max: 20 }, element: FUNCREF }, false, ws.maxTableSize));
  exports.set('memory', new MemInstance({ limits: { min: 1, max: 2 } }, ws.maxMemoryPages));
  const prints: Record<string, readonly ValType[]> = {
    print: [],
    print_i32: ['i32'],
    print_i64: ['i64'],
    print_f32: ['f32'],
    print_f64: ['f64'],
    print_i32_f32: ['i32', 'f32'],
    print_f64_f64: ['f64', 'f64'],
  };
  for (const [name, params] of Object.entries(prints)) {
    const type: FuncType = { kind: 'func', params, results: [] };
    exports.set(name, hostFunc(ws, type, () => [], { name: `spectest.${name}` }));
  }
  return exports;
}
