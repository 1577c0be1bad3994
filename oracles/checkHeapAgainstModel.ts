import type { GcHeap } from '../src/runtime/gcHeap';
import type { ExternRefHostDataTable } from '../src/runtime/externRefHostDataTable';
import { GcKind } from '../src/runtime/gcKind';
import { refI31 } from '../src/runtime/gcRef';
import { ModelObject, type ModelRef, type ModelValue } from './modelObject';
import type { ReferenceModel } from './referenceModel';
import type { RuntimeRoots } from './runtimeRoots';
import { OracleFailure } from './OracleFailure';
import { describeError, oracleForUnexpectedError } from './classifyRuntimeError';
import { sameNumeric, showModelValue } from './checkReadValue';

/**
 * Dangling and dangling-host-data oracles over the whole reachable graph, run after every completed
 * (or abandoned) collection: walks the model's roots and the runtime's roots in parallel and
 * requires, for every reachable object, the right header kind and type, every field and element
 * equal to what was last written (refs compared by identity), array lengths, and for externrefs
 * the very host object they were created with. One runtime address must name one model object and
 * vice versa. Afterwards each reachable `ModelObject.addr` holds the object's current address,
 * which is how per-op reads check ref identity in O(1), also after a moving collection.
 *
 * `moving` false additionally requires addresses to be unchanged (a non-moving collector must not
 * move objects). Returns how many reachable objects were found at a new address. Cost:
 * O(reachable objects + their fields).
 */
export function checkHeapAgainstModel(
  heap: GcHeap,
  hostData: ExternRefHostDataTable,
  model: ReferenceModel,
  roots: RuntimeRoots,
  opIndex: number,
  moving: boolean,
): number {
  // A fresh token per walk marks the objects this walk has paired (`ModelObject.seen`).
  const epoch = ++model.walks;
  const owners = new Map<number, ModelObject>();
  const pending: ModelObject[] = [];
  let moved = 0;
  const fail = (oracle: 'dangling' | 'dangling-host-data', expected: string, actual: string, where: string): never => {
    throw new OracleFailure(oracle, opIndex, expected, actual, `heap walk after collection: ${where}`);
  };
  const pair = (mv: ModelRef, raw: number, where: string): void => {
    if (mv === null) {
      if (raw !== 0) fail('dangling', 'null', `ref 0x${raw.toString(16)}`, where);
      return;
    }
    if (typeof mv === 'number') {
      if (raw !== refI31(mv)) fail('dangling', `i31 ${mv}`, `ref 0x${raw.toString(16)}`, where);
      return;
    }
    if (raw === 0 || (raw & 1) === 1) fail('dangling', `object #${mv.id}`, raw === 0 ? 'null' : `i31 ${raw >>> 1}`, where);
    if (mv.seen === epoch) {
      if (mv.addr !== raw) fail('dangling', `object #${mv.id} at 0x${mv.addr.toString(16)}`, `a second copy at 0x${raw.toString(16)}`, where);
      return;
    }
    const owner = owners.get(raw);
    if (owner !== undefined) fail('dangling', `object #${mv.id}`, `object #${owner.id}'s address 0x${raw.toString(16)}`, where);
    if (!moving && mv.addr !== 0 && mv.addr !== raw) {
      fail('dangling', `object #${mv.id} still at 0x${mv.addr.toString(16)} (non-moving collector)`, `0x${raw.toString(16)}`, where);
    }
    owners.set(raw, mv);
    mv.seen = epoch;
    if (mv.addr !== raw) moved++;
    mv.addr = raw;
    pending.push(mv);
  };

  model.handles.forEach((hd, i) => pair(hd.value, roots.handles[i]!, `handle ${model.handles.length - 1 - i}`));
  model.globals.forEach((v, g) => pair(v, roots.globals[g]!, `global ${g}`));
  model.tables.forEach((t, ti) => t.forEach((v, i) => pair(v, roots.tables[ti]![i]!, `table ${ti}[${i}]`)));
  model.frames.forEach((f, fi) => f.forEach((v, i) => pair(v, roots.frames[fi]![i]!, `frame ${model.frames.length - 1 - fi} slot ${i}`)));
  pair(model.pending, roots.pending?.[0] ?? 0, 'pending exception');

  while (pending.length > 0) {
    const obj = pending.pop()!;
    const r = obj.addr;
    const where = `object #${obj.id} (${obj.kind}${obj.type >= 0 ? ` type ${obj.type}` : ''}) at 0x${r.toString(16)}`;
    try {
      const kind = (heap.headerKind(r) & 0xfc000000) >>> 0;
      const wantKind = obj.kind === 'extern' ? GcKind.ExternRef : obj.kind === 'struct' ? GcKind.StructRef : obj.kind === 'exn' ? GcKind.ExnRef : GcKind.ArrayRef;
      if (kind !== wantKind) fail('dangling', `kind 0x${wantKind.toString(16)}`, `kind 0x${kind.toString(16)}`, where);
      if (obj.kind === 'extern') {
        const host = hostData.get(heap.externrefHostData(r));
        if (host !== obj.host) fail('dangling-host-data', `host object #${obj.host!.serial}`, showHost(host), where);
        continue;
      }
      const ty = heap.headerType(r);
      if (ty !== obj.type) fail('dangling', `type ${obj.type}`, `type ${ty}`, where);
      const fields = obj.fields;
      if (obj.kind === 'array') {
        const len = heap.arrayLen(r);
        if (len !== fields.length) fail('dangling', `length ${fields.length}`, `length ${len}`, where);
      }
      for (let i = 0; i < fields.length; i++) {
        const got = obj.kind === 'struct' ? heap.structGet(r, i) : obj.kind === 'exn' ? heap.exnGet(r, i) : heap.arrayGet(r, i);
        const want: ModelValue = fields[i]!;
        if (obj.isRef(i)) pair(want as ModelRef, got as number, `${where} ${obj.kind === 'array' ? 'element' : 'field'} ${i}`);
        else if (!sameNumeric(want, got)) fail('dangling', showModelValue(want), String(got), `${where} field ${i}`);
      }
    } catch (e) {
      if (e instanceof OracleFailure) throw e;
      const oracle = oracleForUnexpectedError(e);
      throw new OracleFailure(oracle, opIndex, `${where} readable`, describeError(e), 'heap walk after collection');
    }
  }
  return moved;
}

function showHost(v: unknown): string {
  if (typeof v === 'object' && v !== null && 'serial' in v) return `host object #${String((v as { serial: unknown }).serial)}`;
  return `host value ${String(v)}`;
}

