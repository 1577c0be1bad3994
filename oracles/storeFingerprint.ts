import type { GcHeap } from '../src/runtime/gcHeap';
import type { ExternRefHostDataTable } from '../src/runtime/externRefHostDataTable';
import type { GcTypeRegistry } from '../src/runtime/gcTypes';
import { GcKind } from '../src/runtime/gcKind';
import type { RuntimeRoots } from './runtimeRoots';
import { errorKind } from './classifyRuntimeError';

/**
 * A canonical text of a store's observable state, independent of addresses: object and host-data
 * counts, the roots, then every object reachable from them (breadth first, in root order) with its
 * kind, type, numeric fields, ref fields as canonical object numbers, and externrefs' host data by
 * `hostKey`. Two stores in the same observable state give the same text; used by the
 * incremental-vs-full oracle and to prove another store was not touched (sandbox). Never throws:
 * a heap error ends the text with its kind.
 */
export function storeFingerprint(
  heap: GcHeap,
  types: GcTypeRegistry,
  hostData: ExternRefHostDataTable,
  roots: RuntimeRoots,
  hostKey: (v: unknown) => string,
): string {
  const out: string[] = [];
  try {
    out.push(`objects=${heap.stats().objectCount} hostData=${hostData.size}`);
    const ids = new Map<number, number>();
    const queue: number[] = [];
    const name = (r: number): string => {
      if (r === 0) return 'n';
      if ((r & 1) === 1) return `i${r >>> 1}`;
      let id = ids.get(r);
      if (id === undefined) {
        id = ids.size;
        ids.set(r, id);
        queue.push(r);
      }
      return `#${id}`;
    };
    const line = (label: string, slots: ArrayLike<number>): void => {
      const parts: string[] = [];
      for (let i = 0; i < slots.length; i++) parts.push(name(slots[i]!));
      out.push(`${label}:${parts.join(',')}`);
    };
    line('handles', roots.handles);
    line('globals', roots.globals);
    roots.tables.forEach((t, i) => line(`table${i}`, t));
    roots.frames.forEach((f, i) => line(`frame${i}`, f));
    if (roots.pending !== undefined) line('pending', roots.pending);
    for (let q = 0; q < queue.length; q++) {
      const r = queue[q]!;
      const kind = (heap.headerKind(r) & 0xfc000000) >>> 0;
      if (kind === GcKind.ExternRef) {
        out.push(`#${q}=extern(${hostKey(hostData.get(heap.externrefHostData(r)))})`);
        continue;
      }
      const ty = heap.headerType(r);
      const t = types.get(ty);
      const vals: string[] = [];
      if (t.kind === 'array') {
        const isRef = typeof t.element.storage !== 'string';
        const len = heap.arrayLen(r);
        for (let i = 0; i < len; i++) vals.push(show(heap.arrayGet(r, i), isRef, name));
        out.push(`#${q}=array${ty}[${vals.join(',')}]`);
      } else if (t.kind === 'struct') {
        const exn = kind === GcKind.ExnRef;
        for (let i = 0; i < t.fields.length; i++) vals.push(show(exn ? heap.exnGet(r, i) : heap.structGet(r, i), typeof t.fields[i]!.storage !== 'string', name));
        out.push(`#${q}=${exn ? 'exn' : 'struct'}${ty}{${vals.join(',')}}`);
      }
    }
  } catch (e) {
    out.push(`error:${errorKind(e)}`);
  }
  return out.join('\n');
}

function show(v: number | bigint, isRef: boolean, name: (r: number) => string): string {
  if (typeof v === 'bigint') return `${v}n`;
  return isRef ? name(v) : String(v);
}
