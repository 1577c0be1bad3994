import { performance } from 'node:perf_hooks';
import { Store } from '../runtime/store';
import { builtinCollectors, type BuiltinCollectorName } from '../runtime/collectors/builtinCollectors';
import type { Instr } from '../wasm/syntax/instructions';
import type { Module } from '../wasm/syntax/module';
import type { RefType, ValType } from '../wasm/syntax/types';
import { encodeModule } from '../wasm/binary/encodeModule';
import { decodeModule } from '../wasm/binary/decodeModule';
import { validateModule } from '../wasm/validation/validateModule';
import { WasmStore } from '../wasm/execution/wasmStore';
import { instantiate } from '../wasm/execution/instantiate';
import { invokeExport } from '../wasm/execution/invoke';

/**
 * `npm run bench:interp`: interpreter instructions per second (instructions executed = fuel
 * consumed) on two loop-heavy functions of one module:
 * - `numeric(n)`: an i32/i64 arithmetic loop (locals, adds, multiplies, shifts, compares, branches);
 * - `fib(n)`: naive recursion (call/return cost);
 * - `alloc(n)`: a loop that allocates a linked list of structs, dropping it every 256 nodes, so the
 *   collector runs; reported per built-in collector.
 * Usage: node dist/src/bench/interpBench.js [numericIterations] [allocIterations] [fibN]
 */
const i = (op: string, ...imm: Instr['imm']): Instr => ({ op, imm });
const NODE: RefType = { kind: 'ref', nullable: true, heap: 0 };

function benchModule(): Module {
  // numeric(n): acc: i64, k: i32; while (k != n) { acc += (k * k) ^ (k >> 3); k++ } return i32(acc)
  const numeric: Instr[] = [
    i('block', { kind: 'empty' }),
    i('loop', { kind: 'empty' }),
    i('local.get', 2), i('local.get', 0), i('i32.eq'), i('br_if', 1),
    i('local.get', 1),
    i('local.get', 2), i('local.get', 2), i('i32.mul'),
    i('local.get', 2), i('i32.const', 3), i('i32.shr_s'), i('i32.xor'),
    i('i64.extend_i32_u'), i('i64.add'), i('local.set', 1),
    i('local.get', 2), i('i32.const', 1), i('i32.add'), i('local.set', 2),
    i('br', 0),
    i('end'),
    i('end'),
    i('local.get', 1), i('i32.wrap_i64'),
  ];
  // alloc(n): k: i32, head: (ref null 0), total: i32
  const alloc: Instr[] = [
    i('block', { kind: 'empty' }),
    i('loop', { kind: 'empty' }),
    i('local.get', 1), i('local.get', 0), i('i32.eq'), i('br_if', 1),
    i('local.get', 1), i('local.get', 2), i('struct.new', 0), i('local.set', 2),
    i('local.get', 3), i('local.get', 2), i('struct.get', 0, 0), i('i32.add'), i('local.set', 3),
    i('local.get', 1), i('i32.const', 255), i('i32.and'), i('i32.eqz'),
    i('if', { kind: 'empty' }), i('ref.null', 0), i('local.set', 2), i('end'),
    i('local.get', 1), i('i32.const', 1), i('i32.add'), i('local.set', 1),
    i('br', 0),
    i('end'),
    i('end'),
    i('local.get', 3),
  ];
  // fib(n): naive recursion, for call/return cost.
  const fib: Instr[] = [
    i('local.get', 0), i('i32.const', 2), i('i32.lt_u'),
    i('if', { kind: 'value', type: 'i32' }),
    i('local.get', 0),
    i('else'),
    i('local.get', 0), i('i32.const', 1), i('i32.sub'), i('call', 2),
    i('local.get', 0), i('i32.const', 2), i('i32.sub'), i('call', 2),
    i('i32.add'),
    i('end'),
  ];
  const fn = (params: ValType[], results: ValType[]) => ({ subtypes: [{ final: true, supertypes: [], composite: { kind: 'func' as const, params, results } }] });
  return {
    types: [
      { subtypes: [{ final: true, supertypes: [], composite: { kind: 'struct', fields: [{ storage: 'i32', mutable: false }, { storage: NODE, mutable: false }] } }] },
      fn(['i32'], ['i32']),
    ],
    imports: [],
    funcs: [
      { typeIndex: 1, locals: ['i64', 'i32'], body: numeric },
      { typeIndex: 1, locals: ['i32', NODE, 'i32'], body: alloc },
      { typeIndex: 1, locals: [], body: fib },
    ],
    tables: [],
    mems: [],
    globals: [],
    elems: [],
    datas: [],
    exports: [{ name: 'numeric', kind: 'func', index: 0 }, { name: 'alloc', kind: 'func', index: 1 }, { name: 'fib', kind: 'func', index: 2 }],
    customs: [],
  };
}

interface Measure {
  readonly instructions: number;
  readonly seconds: number;
  readonly collections: number;
}

function measure(collector: BuiltinCollectorName, fn: 'numeric' | 'alloc' | 'fib', n: number): Measure {
  const store = new Store({ collector: builtinCollectors[collector] });
  const ws = new WasmStore(store, { fuel: Number.MAX_SAFE_INTEGER });
  const inst = instantiate(ws, validateModule(decodeModule(encodeModule(benchModule())), store.types));
  invokeExport(ws, inst, fn, [fn === 'fib' ? Math.min(n, 15) : Math.min(n, 10_000)]); // warm up (compile, JIT)
  const before = ws.thread.executed;
  const collectionsBefore = store.collections;
  const t0 = performance.now();
  invokeExport(ws, inst, fn, [n]);
  const seconds = (performance.now() - t0) / 1000;
  return { instructions: ws.thread.executed - before, seconds, collections: store.collections - collectionsBefore };
}

function report(label: string, m: Measure): void {
  const rate = m.instructions / m.seconds;
  process.stdout.write(`${label.padEnd(22)} ${(m.instructions / 1e6).toFixed(1).padStart(8)} M instr  ${m.seconds.toFixed(3).padStart(7)} s  ${(rate / 1e6).toFixed(1).padStart(7)} M instr/s  ${m.collections} collections\n`);
}

function main(argv: readonly string[]): void {
  const numericN = Number(argv[0] ?? 5_000_000);
  const allocN = Number(argv[1] ?? 1_000_000);
  const fibN = Number(argv[2] ?? 27);
  report('numeric loop (drc)', measure('drc', 'numeric', numericN));
  report(`calls: fib(${fibN}) (drc)`, measure('drc', 'fib', fibN));
  for (const c of ['null', 'drc', 'copying'] as BuiltinCollectorName[]) report(`alloc loop (${c})`, measure(c, 'alloc', allocN));
}

if (require.main === module) main(process.argv.slice(2));
