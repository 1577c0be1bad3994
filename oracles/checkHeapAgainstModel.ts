import type { FieldValue, GcHeap } from '../src/runtime/gcHeap';
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
  const owners = beginOwners(heap.vmctxGcHeapBound());
  const pending: ModelObject[] = [];
  let moved = 0;
  const fail = (oracle: 'dangling' | 'dangling-host-data', expected: string, actual: string, place: string | Place): never => {
    throw new OracleFailure(oracle, opIndex, expected, actual, `heap walk after collection: ${typeof place === 'string' ? place : describePlace(place)}`);
  };
  // Places are described only when a check fails: this walk runs after every collection.
  const pair = (mv: ModelRef, raw: number, at: string | ModelObject, i: number): void => {
    if (mv === null) {
      if (raw !== 0) fail('dangling', 'null', `ref 0x${raw.toString(16)}`, { owner: at, i });
      return;
    }
    if (typeof mv === 'number') {
      if (raw !== refI31(mv)) fail('dangling', `i31 ${mv}`, `ref 0x${raw.toString(16)}`, { owner: at, i });
      return;
    }
    if (raw === 0 || (raw & 1) === 1) fail('dangling', `object #${mv.id}`, raw === 0 ? 'null' : `i31 ${raw >>> 1}`, { owner: at, i });
    if (mv.seen === epoch) {
      if (mv.addr !== raw) fail('dangling', `object #${mv.id} at 0x${mv.addr.toString(16)}`, `a second copy at 0x${raw.toString(16)}`, { owner: at, i });
      return;
    }
    const owner = owners.get(raw);
    if (owner !== undefined) fail('dangling', `object #${mv.id}`, `object #${owner.id}'s address 0x${raw.toString(16)}`, { owner: at, i });
    if (!moving && mv.addr !== 0 && mv.addr !== raw) {
      fail('dangling', `object #${mv.id} still at 0x${mv.addr.toString(16)} (non-moving collector)`, `0x${raw.toString(16)}`, { owner: at, i });
    }
    owners.set(raw, mv);
    mv.seen = epoch;
    if (mv.addr !== raw) moved++;
    mv.addr = raw;
    pending.push(mv);
  };

  const hs = model.handles;
  for (let i = 0; i < hs.length; i++) pair(hs[i]!.value, roots.handles[i]!, 'handle', hs.length - 1 - i);
  const gs = model.globals;
  for (let g = 0; g < gs.length; g++) pair(gs[g]!, roots.globals[g]!, 'global', g);
  const ts = model.tables;
  for (let ti = 0; ti < ts.length; ti++) {
    const t = ts[ti]!;
    const elems = roots.tables[ti]!;
    for (let i = 0; i < t.length; i++) pair(t[i]!, elems[i]!, `table ${ti}`, i);
  }
  const fs = model.frames;
  for (let fi = 0; fi < fs.length; fi++) {
    const f = fs[fi]!;
    const slots = roots.frames[fi]!;
    for (let i = 0; i < f.length; i++) pair(f[i]!, slots[i]!, `frame ${fs.length - 1 - fi} slot`, i);
  }
  pair(model.pending, roots.pending?.[0] ?? 0, 'pending exception', -1);

  const ranged = heap.getRange !== undefined;
  const chunk = chunkBuffer;
  while (pending.length > 0) {
    const obj = pending.pop()!;
    const r = obj.addr;
    try {
      const kind = (heap.headerKind(r) & 0xfc000000) >>> 0;
      const wantKind = obj.kind === 'extern' ? GcKind.ExternRef : obj.kind === 'struct' ? GcKind.StructRef : obj.kind === 'exn' ? GcKind.ExnRef : GcKind.ArrayRef;
      if (kind !== wantKind) fail('dangling', `kind 0x${wantKind.toString(16)}`, `kind 0x${kind.toString(16)}`, { owner: obj, i: -1 });
      if (obj.kind === 'extern') {
        const host = hostData.get(heap.externrefHostData(r));
        if (host !== obj.host) fail('dangling-host-data', `host object #${obj.host!.serial}`, showHost(host), { owner: obj, i: -1 });
        continue;
      }
      const ty = heap.headerType(r);
      if (ty !== obj.type) fail('dangling', `type ${obj.type}`, `type ${ty}`, { owner: obj, i: -1 });
      const fields = obj.fields;
      if (obj.kind === 'array') {
        const len = heap.arrayLen(r);
        if (len !== fields.length) fail('dangling', `length ${fields.length}`, `length ${len}`, { owner: obj, i: -1 });
      }
      // Fields are read in chunks where the heap offers it (one header check per chunk, not per field).
      let chunkStart = 0;
      let chunkEnd = 0;
      for (let i = 0; i < fields.length; i++) {
        let got: FieldValue;
        if (ranged) {
          if (i === chunkEnd) {
            chunkStart = i;
            chunkEnd = Math.min(i + WALK_CHUNK, fields.length);
            heap.getRange!(r, i, chunkEnd - i, chunk);
          }
          got = chunk[i - chunkStart]!;
        } else {
          got = obj.kind === 'struct' ? heap.structGet(r, i) : obj.kind === 'exn' ? heap.exnGet(r, i) : heap.arrayGet(r, i);
        }
        const want: ModelValue = fields[i]!;
        if (obj.isRef(i)) pair(want as ModelRef, got as number, obj, i);
        else if (!sameNumeric(want, got)) fail('dangling', showModelValue(want), String(got), { owner: obj, i, numeric: true });
      }
    } catch (e) {
      if (e instanceof OracleFailure) throw e;
      const oracle = oracleForUnexpectedError(e);
      throw new OracleFailure(oracle, opIndex, `${describePlace({ owner: obj, i: -1 })} readable`, describeError(e), 'heap walk after collection');
    }
  }
  return moved;
}

/** Fields read per `getRange` call in the walk. */
const WALK_CHUNK = 1024;
/** The walk's read buffer, reused: the walk runs after every collection and is not re-entrant. */
const chunkBuffer: FieldValue[] = [];

/**
 * Which model object this walk paired with each runtime address: 8-aligned addresses inside the
 * heap's bound are looked up by granule in arrays kept between walks (stamped with the walk's number, so
 * nothing is cleared), any other in a Map.
 */
interface Owners {
  get(raw: number): ModelObject | undefined;
  set(raw: number, obj: ModelObject): void;
}

let ownerWalk = 0;
let ownerStamp = new Int32Array(0);
let ownerAt: (ModelObject | undefined)[] = [];
let ownerLimit = 0;
let ownerFar: Map<number, ModelObject> | null = null;

const owners: Owners = {
  get(raw) {
    const g = raw >>> 3;
    if (raw >= 0 && raw < ownerLimit && (raw & 7) === 0) return ownerStamp[g] === ownerWalk ? ownerAt[g] : undefined;
    return ownerFar?.get(raw);
  },
  set(raw, obj) {
    const g = raw >>> 3;
    if (raw >= 0 && raw < ownerLimit && (raw & 7) === 0) {
      ownerStamp[g] = ownerWalk;
      ownerAt[g] = obj;
    } else {
      (ownerFar ??= new Map()).set(raw, obj);
    }
  },
};

function beginOwners(bound: number): Owners {
  const granules = Math.min(Math.ceil(bound / 8), OWNER_GRANULES_MAX);
  if (granules > ownerStamp.length) {
    ownerStamp = new Int32Array(granules);
    ownerAt = new Array<ModelObject | undefined>(granules);
    ownerWalk = 0;
  }
  ownerLimit = ownerStamp.length * 8;
  if (++ownerWalk === 0x7fffffff) {
    ownerStamp.fill(0);
    ownerWalk = 1;
  }
  ownerFar = null;
  return owners;
}

/** Granules (8 bytes) covered by the arrays: a 4 MiB heap; addresses past it use the Map. */
const OWNER_GRANULES_MAX = (4 << 20) / 8;


/**
 * Where a check looked: a root (`owner` names its kind; `i` its index, -1 for none, and for a table
 * the element) or an object's field or element `i` (-1: the object itself).
 */
interface Place {
  readonly owner: string | ModelObject;
  readonly i: number;
  /** A numeric field: named 'field' for arrays too, as the oracle always has. */
  readonly numeric?: boolean;
}

function describePlace(p: Place): string {
  const o = p.owner;
  if (typeof o === 'string') {
    if (p.i < 0) return o;
    return o.startsWith('table ') ? `${o}[${p.i}]` : `${o} ${p.i}`;
  }
  const at = `object #${o.id} (${o.kind}${o.type >= 0 ? ` type ${o.type}` : ''}) at 0x${o.addr.toString(16)}`;
  if (p.i < 0) return at;
  return `${at} ${o.kind === 'array' && p.numeric !== true ? 'element' : 'field'} ${p.i}`;
}

function showHost(v: unknown): string {
  if (typeof v === 'object' && v !== null && 'serial' in v) return `host object #${String((v as { serial: unknown }).serial)}`;
  return `host value ${String(v)}`;
}

