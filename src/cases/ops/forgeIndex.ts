import type { OpRunner } from '../../harness/targets/ops/opRunner';
import type { SandboxViolation } from '../../errors/SandboxError';
import type { FieldValue } from '../../runtime/gcHeap';
import { GcKind } from '../../runtime/gcKind';
import { isHeapRef, type GcRef } from '../../runtime/gcRef';
import { checkForgeOutcome, type ForgedRefUse } from '../../../oracles/checkSandbox';

/** One call with a forged index (or the wrong kind of accessor) on a live object, and the violation it must raise. */
interface IndexProbe {
  readonly use: ForgedRefUse;
  readonly violation: SandboxViolation;
  readonly call: () => unknown;
}

/**
 * Forged indexes (issue 13: the heap's index guards were reached by no fuzzer). The interpreter
 * bounds-checks before it calls the heap and fixup makes every op's index valid, so the heap's own
 * guards (`field out of bounds`, `wrong kind`) only ever met forged refs, which checkObject
 * rejects first. Here the ref is a live object of the store (the forge op's handle `h`, or the next
 * live one) and the index is bad: one to three past the last field or element, or not a u32 (-1 or
 * 0.5), for every accessor of the object's kind (get, set, `getRange`), plus the accessors of the
 * other kinds. Every call must raise that SandboxError (the sandbox oracle, `checkForgeOutcome`
 * with the never-valid kind 'badIndex'), so a rejected set proves it wrote nothing. No byte is
 * drawn: the offsets come from the forge op's `n` (bits 0-1 and 2), so every case is drawn as
 * before. Skipped once a forged write tainted the run (the object may then be corrupt).
 */
export function probeForgedIndices(x: OpRunner, refs: readonly GcRef[], h: number, n: number): void {
  // Like every oracle beyond typed errors, only beside the model: the reference and bare runs of a
  // case would repeat the same probes on the same heap code (a third of the calls, half their cost).
  if (x.tainted || !x.mode.model) return;
  let ref = 0;
  for (let i = 0; i < refs.length && ref === 0; i++) {
    const r = refs[(h + i) % refs.length]!;
    if (r !== 0 && isHeapRef(r)) ref = r;
  }
  if (ref === 0) return;
  for (const p of indexProbes(x, ref, n)) {
    let threw = false;
    let error: unknown;
    let result: unknown;
    try {
      result = p.call();
    } catch (e) {
      threw = true;
      error = e;
    }
    checkForgeOutcome({ opIndex: x.opIndex, kind: 'badIndex', use: p.use, threw, error, result, ref, isForeignHost: () => false, violations: [p.violation] });
  }
}

function indexProbes(x: OpRunner, ref: GcRef, n: number): IndexProbe[] {
  const heap = x.store.heap;
  const hd = x.store.hostData;
  const kind = heap.headerKind(ref);
  const past = (count: number): number => count + (n % 3);
  const notU32 = (n & 4) === 0 ? -1 : 0.5;
  const out: FieldValue[] = [];
  const range = (start: number, count: number): IndexProbe => ({ use: 'getRange', violation: 'field out of bounds', call: () => heap.getRange?.(ref, start, count, out) });
  const ranges = (count: number): IndexProbe[] => heap.getRange === undefined ? [] : [range(0, past(count) + 1), range(notU32, 1), range(0, -1)];
  const wrong = (use: ForgedRefUse, call: () => unknown): IndexProbe => ({ use, violation: 'wrong kind', call });
  const bad = (use: ForgedRefUse, call: (i: number) => unknown, count: number): IndexProbe[] =>
    [past(count), notU32].map((i) => ({ use, violation: 'field out of bounds' as const, call: () => call(i) }));
  if (kind === GcKind.ArrayRef) {
    const len = heap.arrayLen(ref);
    return [
      ...bad('arrayGet', (i) => heap.arrayGet(ref, i), len),
      ...bad('arraySet', (i) => heap.arraySet(hd, ref, i, 0), len),
      ...ranges(len),
      wrong('structGet', () => heap.structGet(ref, 0)),
      wrong('structSet', () => heap.structSet(hd, ref, 0, 0)),
      wrong('exnGet', () => heap.exnGet(ref, 0)),
      wrong('hostData', () => heap.externrefHostData(ref)),
    ];
  }
  if (kind === GcKind.StructRef || kind === GcKind.ExnRef) {
    const t = x.store.types.get(heap.headerType(ref));
    const fields = t.kind === 'struct' ? t.fields.length : 0;
    const exn = kind === GcKind.ExnRef;
    return [
      ...bad(exn ? 'exnGet' : 'structGet', (i) => (exn ? heap.exnGet(ref, i) : heap.structGet(ref, i)), fields),
      ...bad(exn ? 'exnSet' : 'structSet', (i) => (exn ? heap.exnSet(hd, ref, i, 0) : heap.structSet(hd, ref, i, 0)), fields),
      ...ranges(fields),
      wrong(exn ? 'structGet' : 'exnGet', () => (exn ? heap.structGet(ref, 0) : heap.exnGet(ref, 0))),
      wrong('arrayLen', () => heap.arrayLen(ref)),
      wrong('arrayGet', () => heap.arrayGet(ref, 0)),
      wrong('arraySet', () => heap.arraySet(hd, ref, 0, 0)),
      wrong('hostData', () => heap.externrefHostData(ref)),
    ];
  }
  // An externref: no accessor of a struct, exception or array applies.
  return [
    wrong('structGet', () => heap.structGet(ref, 0)),
    wrong('arrayLen', () => heap.arrayLen(ref)),
    wrong('arraySet', () => heap.arraySet(hd, ref, 0, 0)),
    ...(heap.getRange === undefined ? [] : [wrong('getRange', () => heap.getRange?.(ref, 0, 0, out))]),
  ];
}
