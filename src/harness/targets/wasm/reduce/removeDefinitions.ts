import type { WasmCase } from '../../../../cases/wasmCase';
import type { Module } from '../../../../wasm/syntax/module';
import { remapIndices, removing, type IndexSpace } from './remapIndices';
import type { Candidate, ReductionPass } from './reductionPass';

/** Invocations: the script cut to a prefix (shortest first), then each invocation alone dropped. */
export const dropInvocations: ReductionPass = (w) => {
  const inv = w.invocations;
  const out: Candidate[] = [];
  for (let n = 0; n < inv.length; n++) out.push(() => ({ ...w, invocations: inv.slice(0, n) }));
  for (let i = 0; i < inv.length; i++) out.push(() => ({ ...w, invocations: [...inv.slice(0, i), ...inv.slice(i + 1)] }));
  return out;
};

/** Exports: first all those no invocation calls, at once; then each dropped with the invocations that call it. */
export const dropExports: ReductionPass = (w) => {
  const called = new Set(w.invocations.map((i) => i.export));
  const unused: Candidate = () => ({ ...w, module: { ...w.module, exports: w.module.exports.filter((e) => e.kind === 'func' && called.has(e.name)) } });
  return [
    unused,
    ...w.module.exports.map((e, k): Candidate => () => ({
      ...w,
      module: { ...w.module, exports: w.module.exports.filter((_, j) => j !== k) },
      invocations: e.kind === 'func' ? w.invocations.filter((i) => i.export !== e.name) : w.invocations,
    })),
  ];
};

/** `m` without definition `index` of `space` (null when something still refers to it). */
function without(m: Module, space: IndexSpace, index: number): Module | null {
  const r = remapIndices(m, space, removing(index));
  if (r === null) return null;
  switch (space) {
    case 'func': {
      const nImported = r.imports.filter((i) => i.desc.kind === 'func').length;
      if (index >= nImported) return { ...r, funcs: r.funcs.filter((_, k) => k !== index - nImported) };
      return { ...r, imports: withoutImport(r, 'func', index) };
    }
    case 'global': {
      const nImported = r.imports.filter((i) => i.desc.kind === 'global').length;
      if (index >= nImported) return { ...r, globals: r.globals.filter((_, k) => k !== index - nImported) };
      return { ...r, imports: withoutImport(r, 'global', index) };
    }
    case 'table': {
      const nImported = r.imports.filter((i) => i.desc.kind === 'table').length;
      if (index >= nImported) return { ...r, tables: r.tables.filter((_, k) => k !== index - nImported) };
      return { ...r, imports: withoutImport(r, 'table', index) };
    }
    case 'tag': {
      const nImported = r.imports.filter((i) => i.desc.kind === 'tag').length;
      if (index >= nImported) {
        // No tags at all is an absent tag section, as the decoder reads it back.
        const { tags: all, ...rest } = r;
        const tags = (all ?? []).filter((_, k) => k !== index - nImported);
        return tags.length > 0 ? { ...rest, tags } : rest;
      }
      return { ...r, imports: withoutImport(r, 'tag', index) };
    }
    case 'elem':
      return { ...r, elems: r.elems.filter((_, k) => k !== index) };
    case 'data': {
      const datas = r.datas.filter((_, k) => k !== index);
      return { ...r, datas, ...(r.dataCount !== undefined ? { dataCount: datas.length } : {}) };
    }
    case 'type': {
      let base = 0;
      const types = [];
      for (const g of r.types) {
        const at = index - base;
        base += g.subtypes.length;
        if (at < 0 || at >= g.subtypes.length) types.push(g);
        else if (g.subtypes.length > 1) types.push({ subtypes: g.subtypes.filter((_, k) => k !== at) });
      }
      return { ...r, types };
    }
  }
}

function withoutImport(m: Module, kind: 'func' | 'global' | 'table' | 'tag', index: number): Module['imports'] {
  let seen = -1;
  return m.imports.filter((im) => im.desc.kind !== kind || ++seen !== index);
}

function countOf(m: Module, space: IndexSpace): number {
  const imported = (k: string) => m.imports.filter((i) => i.desc.kind === k).length;
  switch (space) {
    case 'func':
      return imported('func') + m.funcs.length;
    case 'global':
      return imported('global') + m.globals.length;
    case 'table':
      return imported('table') + m.tables.length;
    case 'tag':
      return imported('tag') + (m.tags?.length ?? 0);
    case 'elem':
      return m.elems.length;
    case 'data':
      return m.datas.length;
    case 'type':
      return m.types.reduce((a, g) => a + g.subtypes.length, 0);
  }
}

/** Removes unreferenced definitions of one index space, last first (fewer renumberings), renumbering the rest. */
function removeUnreferenced(space: IndexSpace): ReductionPass {
  return (w) => {
    const out: Candidate[] = [];
    for (let i = countOf(w.module, space) - 1; i >= 0; i--) {
      out.push((): WasmCase | null => {
        const m = without(w.module, space, i);
        return m === null ? null : { ...w, module: m };
      });
    }
    return out;
  };
}

/** `m` without every definition of `spaces` nothing refers to (repeated until none is left, since removing one may free others). */
function pruned(m: Module, spaces: readonly IndexSpace[]): Module {
  for (let changed = true; changed; ) {
    changed = false;
    for (const space of spaces) {
      for (let i = countOf(m, space) - 1; i >= 0; i--) {
        const r = without(m, space, i);
        if (r === null) continue;
        m = r;
        changed = true;
      }
    }
  }
  return m;
}

/**
 * First every element and data segment, table and tag nothing refers to, with every function,
 * global and type that frees (segments are referred to only by instructions, so this drops the
 * initialisation of tables by active segments); then every function, global and type nothing
 * refers to. One step each instead of one per definition: each accepted step of a hang reduction
 * costs the hang timeout.
 */
export const pruneUnreferenced: ReductionPass = (w) =>
  [['elem', 'data', 'table', 'tag', 'func', 'global', 'type'] as const, ['func', 'global', 'type'] as const].map((spaces): Candidate => () => {
    const m = pruned(w.module, spaces);
    return m === w.module ? null : { ...w, module: m };
  });

export const removeFuncs = removeUnreferenced('func');
export const removeGlobals = removeUnreferenced('global');
export const removeTables = removeUnreferenced('table');
export const removeElems = removeUnreferenced('elem');
export const removeDatas = removeUnreferenced('data');
export const removeTypes = removeUnreferenced('type');
export const removeTags = removeUnreferenced('tag');

/** Element segments' entries: every segment's at once, then all of one segment's, then each half, then one at a time (a table initialised with fewer references). */
export const dropElemEntries: ReductionPass = (w) => {
  const out: Candidate[] = [];
  const keep = (k: number, from: number, to: number): Candidate => () => {
    const elems = w.module.elems.slice();
    const e = elems[k]!;
    elems[k] = { ...e, init: e.init.filter((_, x) => x < from || x >= to) };
    return { ...w, module: { ...w.module, elems } };
  };
  if (w.module.elems.filter((e) => e.init.length > 0).length > 1) out.push(() => ({ ...w, module: { ...w.module, elems: w.module.elems.map((e) => ({ ...e, init: [] })) } }));
  w.module.elems.forEach((e, k) => {
    const n = e.init.length;
    if (n === 0) return;
    out.push(keep(k, 0, n));
    if (n > 2) out.push(keep(k, 0, n >> 1), keep(k, n >> 1, n));
    for (let j = n - 1; j >= 0 && n > 1; j--) out.push(keep(k, j, j + 1));
  });
  return out;
};
