import type { CaseType, RefHeap } from './opCase';

/**
 * Static subtyping of nullable refs (spec 3.3.8 "heap types"), as a validator sees it: `none` and
 * `noextern` (always null) fit everything; the `any` hierarchy (eq, i31, struct, array, concrete
 * types), the `extern` hierarchy and `exn` never mix. Concrete types follow declared `supertype` links.
 */
export function isRefSubtype(types: readonly CaseType[], sub: RefHeap, sup: RefHeap): boolean {
  if (sub === 'none' || sub === 'noextern') return true;
  if (sub === sup) return true;
  if (typeof sub === 'number') {
    const t = types[sub];
    if (t === undefined) return false;
    if (typeof sup === 'number') {
      let cur: number | undefined = sub;
      for (let guard = 0; cur !== undefined && guard <= types.length; guard++) {
        if (cur === sup) return true;
        cur = types[cur]?.supertype;
      }
      return false;
    }
    return sup === 'any' || sup === 'eq' || sup === t.kind;
  }
  switch (sup) {
    case 'any': return sub === 'eq' || sub === 'i31' || sub === 'struct' || sub === 'array';
    case 'eq': return sub === 'i31' || sub === 'struct' || sub === 'array';
    default: return false;
  }
}

/** Which ref hierarchy a heap type belongs to. */
export function refHierarchy(heap: RefHeap): 'any' | 'extern' | 'func' | 'exn' {
  if (heap === 'extern' || heap === 'noextern') return 'extern';
  if (heap === 'func' || heap === 'nofunc') return 'func';
  if (heap === 'exn' || heap === 'noexn') return 'exn';
  return 'any';
}
