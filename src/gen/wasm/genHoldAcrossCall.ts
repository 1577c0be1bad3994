import type { ValType } from '../../wasm/syntax/types';
import { genAlloc } from './genAlloc';
import type { BodyGen } from './genBody';
import { inhabited } from './genConstValue';
import { genSelfCall } from './genSelfCall';
import { ref, unpacked, ANY_NULL, EXTERN_NULL } from './typeSpace';


/**
 * Keeps a fresh object in a local across a call (or a host GC), then reads it back and records
 * what it reads: the caller's frame holds a stack root while the callee runs, and a collector
 * that loses it is caught by the value read after the call.
 */
export function genHoldAcrossCall(gen: BodyGen, depth: number): void {
  const { c, ts, ctx } = gen;
  const gcTypes = [...ts.indicesOf('struct'), ...ts.indicesOf('array')];
  if (gcTypes.length === 0) {
    gen.stmts(depth - 1);
    return;
  }
  const ti = c.pick(gcTypes);
  const t = ref(true, ti);
  const candidates = gen.writableLocals().filter((l) => ts.valSub(t, gen.locals[l]!) && ts.valSub(gen.locals[l]!, t));
  const l = candidates.length > 0 && c.chance(0.5) ? c.pick(candidates) : gen.addLocal(t);
  genAlloc(gen, ti, ctx.limits.exprDepth - 1);
  gen.op('local.set', l);
  const callees = gen.callees().filter((f) => f.role !== 'host' && f.type.params.every((p) => inhabited(ctx, p)));
  if (gen.recursive && c.chance(0.4)) {
    genSelfCall(gen);
  } else if (callees.length > 0 && c.chance(0.7)) {
    const f = c.pick(callees);
    gen.callArgs(f.type, ctx.limits.exprDepth - 1);
    gen.op('call', f.index);
    for (let i = 0; i < f.type.results.length; i++) gen.op('drop');
  } else if (ctx.hostIndex.gc !== undefined) {
    gen.op('call', ctx.hostIndex.gc);
  } else {
    gen.stmts(depth - 1);
  }
  readBack(gen, ti, l);
}

/** Reads a numeric or ref part of the object in local `l` (type `ti`) and makes it observable. */
function readBack(gen: BodyGen, ti: number, l: number): void {
  const { c, ts, ctx } = gen;
  const comp = ts.comp(ti);
  const reads: ValType[] = [];
  gen.op('local.get', l);
  if (comp.kind === 'struct' && comp.fields.length > 0) {
    const f = c.int(comp.fields.length);
    const st = comp.fields[f]!.storage;
    gen.op(st === 'i8' || st === 'i16' ? 'struct.get_u' : 'struct.get', ti, f);
    reads.push(unpacked(st));
  } else if (comp.kind === 'array') {
    if (c.chance(0.5)) {
      gen.op('array.len');
      reads.push('i32');
    } else {
      gen.op('i32.const', 0);
      const st = comp.element.storage;
      gen.op(st === 'i8' || st === 'i16' ? 'array.get_s' : 'array.get', ti);
      reads.push(unpacked(st));
    }
  } else {
    gen.op('ref.is_null');
    reads.push('i32');
  }
  const r = reads[0]!;
  const recordIdx = ctx.hostIndex.record;
  if (recordIdx === undefined) {
    const gs = ctx.globals.map((g, i) => [g, i] as const).filter(([g, i]) => g.mutable && i !== ctx.budgetGlobal && ts.valSub(r, g.type)).map(([, i]) => i);
    if (gs.length > 0) gen.op('global.set', c.pick(gs));
    else gen.op('drop');
    return;
  }
  // record(i32, i64, externref, anyref): put the read value in the matching slot.
  const slot = typeof r === 'string' ? (r === 'i64' ? 1 : 0) : ts.heapSub(r.heap, 'extern') ? 2 : ts.heapSub(r.heap, 'any') ? 3 : -1;
  if (slot === -1) {
    gen.op('ref.is_null');
  } else if (r === 'f32') {
    gen.op('i32.reinterpret_f32');
  } else if (r === 'f64') {
    gen.op('i64.reinterpret_f64');
  }
  const finalSlot = slot === -1 ? 0 : r === 'f64' ? 1 : r === 'f32' ? 0 : slot;
  const params: ValType[] = ['i32', 'i64', EXTERN_NULL, ANY_NULL];
  const tmp = gen.scratchLocal(params[finalSlot]!);
  gen.op('local.set', tmp);
  params.forEach((p, i) => {
    if (i === finalSlot) gen.op('local.get', tmp);
    else if (p === 'i32') gen.op('i32.const', c.int(4));
    else if (p === 'i64') gen.op('i64.const', 0n);
    else if (typeof p !== 'string') gen.op('ref.null', p.heap);
  });
  gen.op('call', recordIdx);
}
