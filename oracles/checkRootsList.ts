import { isHeapRef, type GcRef } from '../src/runtime/gcRef';
import type { GcRootsList, SlotKind } from '../src/runtime/gcRootsList';
import { OracleFailure } from './OracleFailure';

/** One root the mutator holds: where (kind, slot index, Wasm frame depth or -1) and what. */
export interface ExpectedRoot {
  readonly kind: SlotKind;
  readonly index: number;
  readonly frameDepth: number;
  readonly value: GcRef;
}

function key(kind: string, index: number, frameDepth: number, value: GcRef): string {
  return `${kind}[${index}]${frameDepth >= 0 ? `@frame ${frameDepth}` : ''}=${value}`;
}

/** Adds one root the mutator holds (null and i31 values are skipped). */
export type AddExpectedRoot = (kind: SlotKind, index: number, frameDepth: number, value: GcRef) => void;
/** The mutator's roots, handed one by one to `add`: a list the oracle can walk twice without anyone building it. */
export type ExpectedRootSource = (add: AddExpectedRoot) => void;

/**
 * The `roots` oracle: the roots list a collector is handed (at the start of a collection, and
 * after `refresh` at the end of incremental marking) must name exactly the heap refs the mutator
 * holds, each with its kind ('handle', 'global', 'table', 'pending-exception', 'stack'), slot
 * index and, for Wasm stack roots, frame depth (0 innermost), and `isOnWasmStack` exactly for the
 * 'stack' ones (seed: `GcRootsList`; a collector may treat kinds differently, e.g. stack slots are
 * not barriered). Compared as multisets; null and i31 entries are ignored (collectors skip them).
 */
export function checkRootsList(roots: GcRootsList, expected: readonly ExpectedRoot[] | ExpectedRootSource, opIndex: number, when: string): void {
  const each: ExpectedRootSource = typeof expected === 'function' ? expected : (add) => {
    for (const r of expected) add(r.kind, r.index, r.frameDepth, r.value);
  };
  if (!sameByNumber(roots, each)) checkRootsListByName(roots, listOf(each), opIndex, when);
}

function listOf(each: ExpectedRootSource): ExpectedRoot[] {
  const out: ExpectedRoot[] = [];
  each((kind, index, frameDepth, value) => {
    if (isHeapRef(value)) out.push({ kind, index, frameDepth, value });
  });
  return out;
}

/** Slot kinds as small codes for `rootNumber` (a switch: a record indexed by a variable key is a keyed lookup per root). */
function kindCode(kind: SlotKind): number {
  switch (kind) {
    case 'field': return 0;
    case 'element': return 1;
    case 'global': return 2;
    case 'table': return 3;
    case 'handle': return 4;
    case 'elem-segment': return 5;
    case 'slot': return 6;
    case 'pending-exception': return 7;
    case 'stack': return 8;
  }
}

/**
 * One root as one exact number (kind, index < 1024, frame depth < 63, 32-bit ref: under 2^52), or
 * -1 when it does not fit; the oracle then compares by name.
 */
function rootNumber(kind: SlotKind, index: number, frameDepth: number, value: GcRef): number {
  if (!(index >= 0 && index < 1024 && frameDepth >= -1 && frameDepth < 63)) return -1;
  return ((index * 64 + frameDepth + 1) * 16 + kindCode(kind)) * 0x100000000 + (value >>> 0);
}

/**
 * Scratch for `sameByNumber`, kept between calls (it runs at every collection; nothing in it is
 * re-entrant). Root numbers are below 2^52, exact in a Float64Array, whose sort is numeric.
 */
let want = new Float64Array(64);
let got = new Float64Array(64);
let wantCount = 0;
let wantFits = true;

function addWanted(kind: SlotKind, index: number, frameDepth: number, value: GcRef): void {
  if (!isHeapRef(value)) return;
  const k = rootNumber(kind, index, frameDepth, value);
  if (k < 0) wantFits = false;
  if (wantCount === want.length) want = grown(want);
  want[wantCount++] = k;
}

function grown(a: Float64Array<ArrayBuffer>): Float64Array<ArrayBuffer> {
  const b = new Float64Array(a.length * 2);
  b.set(a);
  return b;
}

/**
 * The fast path, run at every collection: true when both sides hold the same multiset of heap-ref
 * roots and every root is well formed. False sends the lists to `checkRootsListByName`, which
 * decides (and names the difference) exactly as the oracle always has.
 */
function sameByNumber(roots: GcRootsList, expected: ExpectedRootSource): boolean {
  wantCount = 0;
  wantFits = true;
  expected(addWanted);
  if (!wantFits) return false;
  const n = wantCount;
  let m = 0;
  for (const root of roots) {
    const v = root.get();
    if (!isHeapRef(v)) continue;
    const stack = root.isOnWasmStack();
    if (m === n || stack !== (root.frameDepth !== -1)) return false;
    const k = rootNumber(root.kind, root.slotIndex, root.frameDepth, v);
    if (k < 0 || stack !== (root.kind === 'stack')) return false;
    if (m === got.length) got = grown(got);
    got[m++] = k;
  }
  if (m !== n) return false;
  // Lists in the same order need no sort.
  let i = 0;
  while (i < n && want[i] === got[i]) i++;
  if (i === n) return true;
  const a = want.subarray(0, n).sort();
  const b = got.subarray(0, n).sort();
  for (i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The oracle by slot names: exact for any index, and the source of the failure's message. */
function checkRootsListByName(roots: GcRootsList, expected: readonly ExpectedRoot[], opIndex: number, when: string): void {
  const want = new Map<string, number>();
  for (const r of expected) {
    if (!isHeapRef(r.value)) continue;
    const k = key(r.kind, r.index, r.frameDepth, r.value);
    want.set(k, (want.get(k) ?? 0) + 1);
  }
  const extra: string[] = [];
  for (const root of roots) {
    const v = root.get();
    if (!isHeapRef(v)) continue;
    const stack = root.isOnWasmStack();
    if (stack !== (root.kind === 'stack') || (!stack && root.frameDepth !== -1)) {
      throw new OracleFailure('roots', opIndex, `a ${stack ? 'stack' : 'non-stack'} root of kind ${stack ? "'stack'" : 'other than stack, frame depth -1'}`, `kind '${root.kind}', frame depth ${root.frameDepth}`, when);
    }
    const k = key(root.kind, root.slotIndex, stack ? root.frameDepth : -1, v);
    const n = want.get(k);
    if (n === undefined) extra.push(k);
    else if (n === 1) want.delete(k);
    else want.set(k, n - 1);
  }
  if (extra.length > 0 || want.size > 0) {
    const missing = [...want.keys()];
    throw new OracleFailure('roots', opIndex, `the mutator's ${expected.filter((r) => isHeapRef(r.value)).length} heap-ref roots`,
      `${extra.length > 0 ? `unexpected ${extra.slice(0, 4).join(', ')}` : ''}${extra.length > 0 && missing.length > 0 ? '; ' : ''}${missing.length > 0 ? `missing ${missing.slice(0, 4).join(', ')}` : ''}`, when);
  }
}
