import { f64BitsOf } from '../../../src/wasm/syntax/f64Bits';
/**
 * Hand-built modules for the execution tests: Module AST helpers, a one-line-per-instruction
 * notation for bodies, and a runtime (Store + WasmStore) per collector. Modules go through the
 * real encoder and decoder before validation, so the tests also cover the binary round trip.
 */
import { opcodeByName } from '../../../src/wasm/opcodeTable';
import type { BrOnCastImm, CatchClause, ImmValue, Instr } from '../../../src/wasm/syntax/instructions';
import type { Func, Module, Tag } from '../../../src/wasm/syntax/module';
import type { AbsHeapType, BlockType, CompType, FieldType, FuncType, HeapType, RecType, RefType, StorageType, ValType } from '../../../src/wasm/syntax/types';
import { encodeModule } from '../../../src/wasm/binary/encodeModule';
import { decodeModule } from '../../../src/wasm/binary/decodeModule';
import { validateModule } from '../../../src/wasm/validation/validateModule';
import { Store, type StoreConfig } from '../../../src/runtime/store';
import { builtinCollectors, type BuiltinCollectorName } from '../../../src/runtime/collectors/builtinCollectors';
import { WasmStore, type WasmStoreConfig } from '../../../src/wasm/execution/wasmStore';
import { instantiate } from '../../../src/wasm/execution/instantiate';
import type { Imports } from '../../../src/wasm/execution/externVal';
import type { ModuleInstance } from '../../../src/wasm/execution/moduleInstance';

export const COLLECTORS: readonly BuiltinCollectorName[] = ['null', 'drc', 'copying', 'incremental'];

export function module(parts: Partial<Module>): Module {
  return { types: [], imports: [], funcs: [], tables: [], mems: [], globals: [], elems: [], datas: [], exports: [], customs: [], ...parts };
}

export function ref(heap: HeapType, nullable = true): RefType {
  return { kind: 'ref', nullable, heap };
}
export function field(storage: StorageType, mutable = true): FieldType {
  return { storage, mutable };
}
export function funcT(params: ValType[], results: ValType[]): CompType {
  return { kind: 'func', params, results };
}
/** A function type for host functions. */
export function fnType(params: ValType[], results: ValType[]): FuncType {
  return { kind: 'func', params, results };
}
export function structT(...fields: FieldType[]): CompType {
  return { kind: 'struct', fields };
}
export function arrayT(element: FieldType): CompType {
  return { kind: 'array', element };
}
/** A rec group of one final type without supertypes. */
export function single(c: CompType): RecType {
  return { subtypes: [{ final: true, supertypes: [], composite: c }] };
}
/** Exception handling: a tag of function type `typeIndex`. */
export function tag(typeIndex: number): Tag {
  return { typeIndex };
}

export function func(typeIndex: number, body: Instr[], locals: ValType[] = []): Func {
  return { typeIndex, locals, body };
}

const ABS: ReadonlySet<string> = new Set(['func', 'nofunc', 'extern', 'noextern', 'any', 'eq', 'i31', 'struct', 'array', 'none', 'exn', 'noexn']);

function heapOf(tok: string): HeapType {
  if (ABS.has(tok)) return tok as AbsHeapType;
  const n = Number(tok);
  if (!Number.isInteger(n)) throw new Error(`bad heap type ${tok}`);
  return n;
}

/** `i32`, `ref:3` (non-null), `refnull:any`. */
export function valType(tok: string): ValType {
  if (tok === 'i32' || tok === 'i64' || tok === 'f32' || tok === 'f64') return tok;
  const m = /^(ref|refnull):(.+)$/.exec(tok);
  if (m === null) throw new Error(`bad value type ${tok}`);
  return ref(heapOf(m[2]!), m[1] === 'refnull');
}

function blockType(tok: string | undefined): BlockType {
  if (tok === undefined || tok === '-') return { kind: 'empty' };
  const t = /^t(\d+)$/.exec(tok);
  if (t !== null) return { kind: 'index', index: Number(t[1]) };
  return { kind: 'value', type: valType(tok) };
}

function f32Bits(x: number): number {
  const b = new ArrayBuffer(4);
  new Float32Array(b)[0] = x;
  return new Uint32Array(b)[0]!;
}

/**
 * One instruction per line (or `;`-separated): the mnemonic, then its immediates in binary
 * order. Block types: nothing, a value type, or `tN`; heap types: an abstract name or an index;
 * memargs: the offset; `br_table L... D`; `br_on_cast L FROM TO` with value types; `select t` takes
 * value types; f32/f64 constants are decimal numbers, or for f64 `bits:0x...` (the bit pattern).
 */
export function code(src: string): Instr[] {
  const out: Instr[] = [];
  for (const raw of src.split(/[\n;]/)) {
    const line = raw.replace(/#.*$/, '').trim();
    if (line === '') continue;
    const toks = line.split(/\s+/);
    let op = toks.shift()!;
    if (op === 'select' && toks[0] === 't') {
      toks.shift();
      op = 'select t';
    } else if ((op === 'ref.test' || op === 'ref.cast') && toks[0] === 'null') {
      toks.shift();
      op = `${op} null`;
    }
    const entry = opcodeByName(op);
    const imm: ImmValue[] = [];
    if (op === 'select t') imm.push(toks.map(valType));
    else if (op === 'br_table') {
      const ls = toks.map(Number);
      imm.push({ labels: ls.slice(0, -1), defaultLabel: ls[ls.length - 1]! });
    } else if (op === 'br_on_cast' || op === 'br_on_cast_fail') {
      const b: BrOnCastImm = { label: Number(toks[0]), from: valType(toks[1]!) as RefType, to: valType(toks[2]!) as RefType };
      imm.push(b);
    } else {
      entry.imm.forEach((k, i) => {
        const t = toks[i];
        switch (k) {
          case 'idx': case 'i32': imm.push(Number(t)); break;
          case 'i64': imm.push(BigInt(t!)); break;
          case 'f32': imm.push(f32Bits(Number(t))); break;
          case 'f64': imm.push(t!.startsWith('bits:') ? BigInt(t!.slice(5)) : f64BitsOf(Number(t))); break;
          case 'blocktype': imm.push(blockType(t)); break;
          case 'heaptype': imm.push(heapOf(t!)); break;
          case 'memarg': imm.push({ align: 0, offset: Number(t ?? 0) }); break;
          case 'zero': imm.push(0); break;
          // try_table: after the block type, clauses `catch:TAG:L`, `catch_ref:TAG:L`, `catch_all:L`, `catch_all_ref:L`.
          case 'catches': imm.push(toks.slice(i).map((c) => {
            const [kind, a, b] = c.split(':') as [CatchClause['kind'], string, string | undefined];
            return b === undefined ? { kind, label: Number(a) } : { kind, tag: Number(a), label: Number(b) };
          })); break;
          default: throw new Error(`immediate kind ${k} not supported by code()`);
        }
      });
    }
    out.push({ op, imm });
  }
  return out;
}

export interface Runtime {
  readonly store: Store;
  readonly ws: WasmStore;
}

/** A fresh store with a built-in collector. */
export function runtime(collector: BuiltinCollectorName, storeConfig: Partial<StoreConfig> = {}, wasmConfig: WasmStoreConfig = {}): Runtime {
  const store = new Store({ ...storeConfig, collector: builtinCollectors[collector] });
  return { store, ws: new WasmStore(store, wasmConfig) };
}

/** Encode, decode, validate and instantiate `m` in `rt`. */
export function load(rt: Runtime, m: Module, imports: Imports = {}): ModuleInstance {
  const decoded = decodeModule(encodeModule(m));
  return instantiate(rt.ws, validateModule(decoded, rt.store.types), imports);
}
