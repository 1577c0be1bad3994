import type { Handle } from '../../runtime/store';
import { isHeapRef, refI31 } from '../../runtime/gcRef';
import type { ConstExpr } from '../syntax/instructions';
import type { StorageType } from '../syntax/types';
import type { GcCompositeType } from '../../runtime/gcTypes';
import { f64ImmBits, f64OfBits } from '../syntax/f64Bits';
import { InvariantError } from '../../errors/InvariantError';
import type { ModuleInstance } from './moduleInstance';
import type { WasmStore } from './wasmStore';
import { ValKind } from './valKind';
import { asAllocationTrap } from './interpreter/traps';

/**
 * The value of a constant expression (spec 3.3.10, 4.5.x "evaluation of constant expressions"):
 * i32/f32 bits/function ids/i31 and null GcRefs as numbers, i64 as bigint, f64 as its u64 bit
 * pattern (bigint: a NaN payload never passes through a plain JS array), and heap GcRefs
 * as Handles rooted in the caller's current Store scope (a constant expression may allocate, and
 * every allocation may collect, so intermediate refs live in handles, never in bare variables).
 */
export type ConstValue = number | bigint | Handle;

/** The current GcRef of a GC-typed ConstValue (borrowed). */
export function constRef(ws: WasmStore, v: ConstValue): number {
  return typeof v === 'object' ? ws.store.get(v) : (v as number);
}

function rooted(ws: WasmStore, ownedRef: number): ConstValue {
  return isHeapRef(ownedRef) ? ws.store.root(ownedRef) : ownedRef;
}

function alloc(f: () => number): number {
  try {
    return f();
  } catch (e) {
    throw asAllocationTrap(e);
  }
}

function elementStorage(t: GcCompositeType): StorageType {
  if (t.kind !== 'array') throw new InvariantError('constant expression', 'array instruction on a non-array type');
  return t.element.storage;
}

/** Evaluate `expr` in the (partially built) module instance `inst`. */
export function evalConstExpr(ws: WasmStore, inst: ModuleInstance, expr: ConstExpr): ConstValue {
  const store = ws.store;
  const heap = ws.heap;
  const hostData = ws.hostData;
  const types = ws.types;
  const typeIds = inst.typeIds;
  const stack: ConstValue[] = [];
  const pop = (): ConstValue => {
    const v = stack.pop();
    if (v === undefined) throw new InvariantError('constant expression', 'operand stack underflow');
    return v;
  };
  const popN = (n: number): ConstValue[] => stack.splice(stack.length - n, n);
  const field = (v: ConstValue, st: StorageType): number | bigint => (typeof v === 'object' ? store.get(v) : st === 'f64' ? f64OfBits(v as bigint) : v);
  for (const ins of expr) {
    const imm = ins.imm;
    switch (ins.op) {
      case 'i32.const': stack.push((imm[0] as number) | 0); break;
      case 'i64.const': stack.push(imm[0] as bigint); break;
      case 'f32.const': stack.push((imm[0] as number) >>> 0); break;
      case 'f64.const': stack.push(f64ImmBits(imm[0]!)); break;
      case 'i32.add': { const b = pop() as number; stack.push(((pop() as number) + b) | 0); break; }
      case 'i32.sub': { const b = pop() as number; stack.push(((pop() as number) - b) | 0); break; }
      case 'i32.mul': { const b = pop() as number; stack.push(Math.imul(pop() as number, b)); break; }
      case 'i64.add': { const b = pop() as bigint; stack.push(BigInt.asIntN(64, (pop() as bigint) + b)); break; }
      case 'i64.sub': { const b = pop() as bigint; stack.push(BigInt.asIntN(64, (pop() as bigint) - b)); break; }
      case 'i64.mul': { const b = pop() as bigint; stack.push(BigInt.asIntN(64, (pop() as bigint) * b)); break; }
      case 'ref.null': stack.push(0); break;
      case 'ref.func': stack.push(inst.funcs[imm[0] as number]!.id); break;
      case 'ref.i31': stack.push(refI31(pop() as number)); break;
      case 'any.convert_extern':
      case 'extern.convert_any':
        break;
      case 'global.get': {
        const g = inst.globals[imm[0] as number]!;
        if (g.kind === ValKind.I64) stack.push(g.i64);
        else if (g.kind === ValKind.GcRef) stack.push(rooted(ws, heap.cloneGcRef(g.cell[0]!)));
        else if (g.kind === ValKind.F64) stack.push(g.f64Bits);
        else stack.push(g.cell[0]!);
        break;
      }
      case 'struct.new':
      case 'struct.new_default': {
        const id = typeIds[imm[0] as number]!;
        const t = types.get(id);
        if (t.kind !== 'struct') throw new InvariantError('constant expression', `type ${id} is not a struct`);
        const vals = ins.op === 'struct.new' ? popN(t.fields.length) : [];
        const h = store.root(alloc(() => store.allocStruct(id)));
        const ref = store.get(h);
        for (let i = 0; i < vals.length; i++) heap.structSet(hostData, ref, i, field(vals[i]!, t.fields[i]!.storage));
        stack.push(h);
        break;
      }
      case 'array.new':
      case 'array.new_default': {
        const id = typeIds[imm[0] as number]!;
        const n = (pop() as number) >>> 0;
        const init = ins.op === 'array.new' ? pop() : undefined;
        const h = store.root(alloc(() => store.allocArray(id, n)));
        const ref = store.get(h);
        if (init !== undefined) {
          const v = field(init, elementStorage(types.get(id)));
          for (let i = 0; i < n; i++) heap.arraySet(hostData, ref, i, v);
        }
        stack.push(h);
        break;
      }
      case 'array.new_fixed': {
        const id = typeIds[imm[0] as number]!;
        const n = imm[1] as number;
        const vals = popN(n);
        const h = store.root(alloc(() => store.allocArray(id, n)));
        const ref = store.get(h);
        const st = elementStorage(types.get(id));
        for (let i = 0; i < n; i++) heap.arraySet(hostData, ref, i, field(vals[i]!, st));
        stack.push(h);
        break;
      }
      default:
        throw new InvariantError('constant expression', `instruction ${ins.op} is not constant`);
    }
  }
  if (stack.length !== 1) throw new InvariantError('constant expression', `leaves ${stack.length} values`);
  return stack[0]!;
}
