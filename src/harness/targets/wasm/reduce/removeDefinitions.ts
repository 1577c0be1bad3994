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

/** Exports: each dropped with the invocations that call it. */
export const dropExports: ReductionPass = (w) =>
  w.module.exports.map((e, k): Candidate => () => ({
    ...w,
    module: { ...w.module, exports: w.module.exports.filter((_, j) => j !== k) },
    invocations: e.kind === 'func' ? w.invocations.filter((i) => i.export !== e.name) : w.invocations,
  }));

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

function withoutImport(m: Module, kind: 'func' | 'global' | 'table', index: number): Module['imports'] {
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

export const removeFuncs = removeUnreferenced('func');
export const removeGlobals = removeUnreferenced('global');
export const removeTables = removeUnreferenced('table');
export const removeElems = removeUnreferenced('elem');
export const removeDatas = removeUnreferenced('data');
export const removeTypes = removeUnreferenced('type');

/** Element segments' entries, one at a time (a table initialised with fewer functions). */
export const dropElemEntries: ReductionPass = (w) => {
  const out: Candidate[] = [];
  w.module.elems.forEach((e, k) => {
    for (let j = e.init.length - 1; j >= 0; j--) {
      out.push(() => {
        const elems = w.module.elems.slice();
        elems[k] = { ...e, init: e.init.filter((_, x) => x !== j) };
        return { ...w, module: { ...w.module, elems } };
      });
    }
  });
  return out;
};
