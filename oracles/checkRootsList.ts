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

/**
 * The `roots` oracle: the roots list a collector is handed (at the start of a collection, and
 * after `refresh` at the end of incremental marking) must name exactly the heap refs the mutator
 * holds, each with its kind ('handle', 'global', 'table', 'pending-exception', 'stack'), slot
 * index and, for Wasm stack roots, frame depth (0 innermost), and `isOnWasmStack` exactly for the
 * 'stack' ones (seed: `GcRootsList`; a collector may treat kinds differently, e.g. stack slots are
 * not barriered). Compared as multisets; null and i31 entries are ignored (collectors skip them).
 */
export function checkRootsList(roots: GcRootsList, expected: readonly ExpectedRoot[], opIndex: number, when: string): void {
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
