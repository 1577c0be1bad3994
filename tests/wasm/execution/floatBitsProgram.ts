import type { BuiltinCollectorName } from '../../../src/runtime/collectors/builtinCollectors';
import { invokeExport } from '../../../src/wasm/execution/invoke';
import type { Module } from '../../../src/wasm/syntax/module';
import type { ValType } from '../../../src/wasm/syntax/types';
import { code, field, func, funcT, load, module as wasmModule, ref, runtime, single, structT } from './moduleBuilder';

/**
 * Issue #12: float values are bits from decode to the operand stack. Each export returns, as an
 * integer, the bits of a NaN with a payload that came from `f64.const` / `f32.const`, through a
 * global initialiser, a struct field initialised in a constant expression, a local and memory.
 * Run in-process and in a child Node with --no-lazy-feedback-allocation (under which V8's
 * canonicalisation of NaNs in plain double arrays used to change the payload every time).
 */
const SNAN64 = '0x7ff4000000000001';
const NEG_NAN64 = '0xfffffffffffffff7'; // -nan:0xffffffffffff7, i64 -9
const SNAN32 = 0x7fa00001;

const T_BOX = 0; // (struct (field f64))
const FNS: [string, ValType[], string][] = [
  ['const', ['i64'], `f64.const bits:${NEG_NAN64}; i64.reinterpret_f64`],
  ['global', ['i64'], 'global.get 0; i64.reinterpret_f64'],
  ['field', ['i64'], `global.get 1; struct.get ${T_BOX} 0; i64.reinterpret_f64`],
  ['local', ['i64'], `f64.const bits:${SNAN64}; local.set 0; local.get 0; i64.reinterpret_f64`],
  ['memory', ['i64'], `i32.const 8; f64.const bits:${SNAN64}; f64.store 0; i32.const 8; i64.load 0`],
  ['memoryF64', ['i64'], `i32.const 16; i64.const ${BigInt.asIntN(64, BigInt(SNAN64))}; i64.store 0; i32.const 16; f64.load 0; i64.reinterpret_f64`],
  ['f32', ['i32'], `f32.const ${0}; drop; i32.const ${SNAN32}; f32.reinterpret_i32; i32.reinterpret_f32`],
  ['select', ['i64'], `f64.const bits:${NEG_NAN64}; f64.const 1; i32.const 1; select; i64.reinterpret_f64`],
  // Arithmetic: the interpreter's NaN policy (numerics/bits.ts), the same bits every time.
  ['addNaN', ['i64'], `f64.const bits:0xfff4000000000001; f64.const 1; f64.add; i64.reinterpret_f64`],
  ['divZero', ['i64'], 'f64.const 0; f64.const 0; f64.div; i64.reinterpret_f64'],
  ['f32mulNaN', ['i32'], `f32.const 1; i32.const ${SNAN32}; f32.reinterpret_i32; f32.mul; i32.reinterpret_f32`],
];

/** The expected result of each export. */
export const EXPECTED: Readonly<Record<string, string>> = {
  const: '-9',
  global: BigInt.asIntN(64, BigInt(NEG_NAN64)).toString(),
  field: BigInt.asIntN(64, BigInt(SNAN64)).toString(),
  local: BigInt.asIntN(64, BigInt(SNAN64)).toString(),
  memory: BigInt.asIntN(64, BigInt(SNAN64)).toString(),
  memoryF64: BigInt.asIntN(64, BigInt(SNAN64)).toString(),
  f32: String(SNAN32 | 0),
  select: '-9',
  addNaN: BigInt.asIntN(64, 0xfffc000000000001n).toString(), // first NaN operand, quiet bit set
  divZero: String(0x7ff8000000000000n), // no NaN operand: the positive canonical NaN
  f32mulNaN: String((SNAN32 | 0x00400000) | 0),
};

function floatBitsModule(): Module {
  return wasmModule({
    types: [single(structT(field('f64', false))), ...FNS.map(([, r]) => single(funcT([], r)))],
    funcs: FNS.map(([, , body], i) => func(1 + i, code(body), ['f64'])),
    mems: [{ limits: { min: 1 } }],
    globals: [
      { type: { type: 'f64', mutable: false }, init: code(`f64.const bits:${NEG_NAN64}`) },
      { type: { type: ref(T_BOX, false), mutable: false }, init: code(`f64.const bits:${SNAN64}; struct.new ${T_BOX}`) },
    ],
    exports: FNS.map(([name], i) => ({ name, kind: 'func' as const, index: i })),
  });
}

/** Decode, instantiate and call every export `rounds` times (so the JIT tiers run them too); each result's distinct values. */
export function runFloatBitsProgram(rounds: number, collector: BuiltinCollectorName = 'drc'): Record<string, string[]> {
  const seen: Record<string, Set<string>> = {};
  for (let r = 0; r < rounds; r++) {
    const rt = runtime(collector);
    const inst = load(rt, floatBitsModule());
    for (const [name] of FNS) {
      const v = invokeExport(rt.ws, inst, name, [])[0];
      (seen[name] ??= new Set()).add(String(v));
    }
  }
  return Object.fromEntries(Object.entries(seen).map(([k, s]) => [k, [...s]]));
}

if (require.main === module) process.stdout.write(JSON.stringify(runFloatBitsProgram(Number(process.argv[2] ?? 1))));
