import { EXPORT_PREFIX, type Invocation } from '../../cases/wasmCase';
import type { ImmValue, Instr } from '../../wasm/syntax/instructions';
import type { Module } from '../../wasm/syntax/module';
import type { FuncType, StorageType, SubType, ValType } from '../../wasm/syntax/types';
import type { Choices } from './choices';
import { emit } from './emit';
import { genConstValue } from './genConstValue';
import type { FuncInfo } from './genContext';
import { ref, TypeSpace } from './typeSpace';

/** Element storage of the growth array type, and bytes per element. */
const GROWTH_ELEMS: readonly (readonly [StorageType, number])[] = [['i8', 1], ['i32', 4], ['i64', 8]];

/**
 * Appends to `module` one more exported function (with its types, its declarative element segment
 * and an invocation at a drawn place in the script) that reaches two runtime paths the body
 * generator rarely combines:
 * - function references in GC fields and elements: `ref.func`s of several functions (so both odd
 *   and even function ids occur; a runtime that traced or counted such a field as a GC ref would
 *   dereference the id) stored by struct.new, array.new_fixed, array.new, struct.set and array.set
 *   into fields of type (ref null func) and (ref null $ft), then, after a collection, read back:
 *   ref.test, ref.is_null and `call_ref` of the leaves among them;
 * - heap growth: a kept array of 8-64 KiB (well past the engines' small initial heap) and a loop
 *   of empty-array allocations, so allocations of every length, 0 included, take the store's
 *   grow-or-collect path (the out-of-memory oracle, oracles/engines/judgeOutOfMemory.ts, judges
 *   any OOM on them).
 * Only leaves are called (the call graph stays acyclic); references to other functions are only
 * stored and tested. Drawn after everything else, so every earlier choice of a seed is unchanged;
 * it is present unless a drawn byte says otherwise (input past the end reads as present).
 */
export function genReachFunc(c: Choices, module: Module, funcs: readonly FuncInfo[], leaves: readonly number[], gcHost: number | undefined, invocations: Invocation[]): Module {
  if (c.chance(0.15) || funcs.length === 0) return module;
  const flat: SubType[] = module.types.flatMap((g) => g.subtypes);
  // The typed field's function type: a leaf's (then its leaves are called), else any function's.
  const typed = leaves.length > 0 ? funcs[c.pick(leaves)]!.typeIndex : funcs[c.int(funcs.length)]!.typeIndex;
  const ofTyped = funcs.filter((f) => f.typeIndex === typed).map((f) => f.index);
  const callable = ofTyped.filter((f) => funcs[f]!.role === 'leaf');
  const self = funcs.length;
  const anyFunc = (): number => c.int(self + 1);
  const typedFunc = (): number => c.pick(ofTyped);
  const [growthElem, growthBytes] = c.pick(GROWTH_ELEMS);

  const base = flat.length;
  const FH = base;
  const FA = base + 1;
  const FT = base + 2;
  const BIG = base + 3;
  const SELF_TYPE = base + 4;
  const selfType: FuncType = { kind: 'func', params: [], results: ['i32'] };
  const group: SubType[] = [
    { final: true, supertypes: [], composite: { kind: 'struct', fields: [{ storage: ref(true, 'func'), mutable: true }, { storage: ref(true, typed), mutable: true }] } },
    { final: true, supertypes: [], composite: { kind: 'array', element: { storage: ref(true, 'func'), mutable: true } } },
    { final: true, supertypes: [], composite: { kind: 'array', element: { storage: ref(true, typed), mutable: true } } },
    { final: true, supertypes: [], composite: { kind: 'array', element: { storage: growthElem, mutable: true } } },
    { final: true, supertypes: [], composite: selfType },
  ];
  const env = { c, ts: new TypeSpace([...flat, ...group]), funcs, leaves };

  const out: Instr[] = [];
  const op = (name: string, ...imm: ImmValue[]): void => emit(out, name, ...imm);
  const referenced = new Set<number>();
  const refFunc = (f: number): void => {
    referenced.add(f);
    op('ref.func', f);
  };
  // Locals: 0 $fh, 1 $fa, 2 $ft, 3 $big, 4 $i, 5 $acc.
  const [LFH, LFA, LFT, LBIG, LI, LACC] = [0, 1, 2, 3, 4, 5];
  const locals: ValType[] = [ref(true, FH), ref(true, FA), ref(true, FT), ref(true, BIG), 'i32', 'i32'];

  // Function references into fresh objects: struct.new, array.new_fixed, array.new.
  const fh0 = anyFunc();
  let fh1 = typedFunc();
  refFunc(fh0);
  refFunc(fh1);
  op('struct.new', FH);
  op('local.set', LFH);
  const faLen = 1 + c.int(4);
  const fa: number[] = [];
  for (let k = 0; k < faLen; k++) {
    fa.push(anyFunc());
    refFunc(fa[k]!);
  }
  op('array.new_fixed', FA, faLen);
  op('local.set', LFA);
  let ft = typedFunc();
  const ftLen = 1 + c.int(4);
  refFunc(ft);
  op('i32.const', ftLen);
  op('array.new', FT);
  op('local.set', LFT);
  // ... and overwritten by struct.set and array.set.
  if (!c.chance(0.3)) {
    fh1 = typedFunc();
    op('local.get', LFH);
    refFunc(fh1);
    op('struct.set', FH, 1);
  }
  if (!c.chance(0.3)) {
    const k = c.int(faLen);
    fa[k] = anyFunc();
    op('local.get', LFA);
    op('i32.const', k);
    refFunc(fa[k]!);
    op('array.set', FA);
  }
  const ftAt = c.int(ftLen);
  if (!c.chance(0.3)) {
    ft = typedFunc();
    op('local.get', LFT);
    op('i32.const', ftAt);
    refFunc(ft);
    op('array.set', FT);
  }

  // Growth: one kept array well past the initial heap, then empty (and tiny) arrays in a loop.
  const kept = (8192 << c.int(4)) / growthBytes;
  op('i32.const', kept);
  op('array.new_default', BIG);
  op('local.set', LBIG);
  op('i32.const', 16 << c.int(6));
  op('local.set', LI);
  op('block', { kind: 'empty' });
  op('loop', { kind: 'empty' });
  op('local.get', LI);
  op('i32.eqz');
  op('br_if', 1);
  op('i32.const', 0);
  op('array.new_default', BIG);
  op('drop');
  op('array.new_fixed', BIG, 0);
  op('drop');
  op('local.get', LI);
  op('i32.const', 3);
  op('i32.and');
  op('array.new_default', BIG);
  op('drop');
  op('local.get', LI);
  op('i32.const', 1);
  op('i32.sub');
  op('local.set', LI);
  op('br', 0);
  op('end');
  op('end');
  if (gcHost !== undefined && !c.chance(0.2)) op('call', gcHost);

  // Read back after the collections: tests of every stored reference, calls of the leaves.
  const addTo = (): void => {
    op('local.get', LACC);
    op('i32.add');
    op('local.set', LACC);
  };
  op('local.get', LFH);
  op('struct.get', FH, 0);
  op('ref.test', typed);
  addTo();
  for (let k = 0; k < faLen; k++) {
    op('local.get', LFA);
    op('i32.const', k);
    op('array.get', FA);
    op(c.chance(0.5) ? 'ref.test' : 'ref.test null', typed);
    addTo();
  }
  const call = (f: number, load: () => void): void => {
    if (!callable.includes(f)) {
      load();
      op('ref.is_null');
      addTo();
      return;
    }
    const ft2 = funcs[f]!.type;
    for (const p of ft2.params) genConstValue(env, p, 0, out);
    load();
    op('call_ref', typed);
    for (const r of [...ft2.results].reverse()) {
      if (r === 'i32') addTo();
      else if (r === 'i64') {
        op('i32.wrap_i64');
        addTo();
      } else if (typeof r !== 'string') {
        op('ref.is_null');
        addTo();
      } else op('drop');
    }
  };
  call(fh1, () => {
    op('local.get', LFH);
    op('struct.get', FH, 1);
  });
  call(ft, () => {
    op('local.get', LFT);
    op('i32.const', ftAt);
    op('array.get', FT);
  });
  if (callable.includes(fh0)) {
    call(fh0, () => {
      op('local.get', LFH);
      op('struct.get', FH, 0);
      op('ref.cast', typed);
    });
  }
  op('local.get', LACC);
  op('local.get', LBIG);
  op('array.len');
  op('i32.add');

  const name = `${EXPORT_PREFIX.func}${funcs.filter((f) => f.role === 'inner').length}`;
  invocations.splice(c.int(invocations.length + 1), 0, { export: name, args: [] });
  return {
    ...module,
    types: [...module.types, { subtypes: group }],
    funcs: [...module.funcs, { typeIndex: SELF_TYPE, locals, body: out }],
    elems: [...module.elems, { type: ref(true, 'func'), init: [...referenced].sort((a, b) => a - b).map((f) => [{ op: 'ref.func', imm: [f] }]), mode: { kind: 'declarative' } }],
    exports: [...module.exports, { name, kind: 'func', index: self }],
  };
}
