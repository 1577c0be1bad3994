/**
 * Seeded structural mutations of decoded modules, for the validator's robustness and differential
 * tests: they keep block structure intact (so the result still encodes) and change instructions,
 * immediates, types and locals so that both valid and subtly invalid modules come out.
 */
import type { ImmValue, Instr } from '../../../src/wasm/syntax/instructions';
import type { Module } from '../../../src/wasm/syntax/module';
import type { AbsHeapType, FieldType, HeapType, RefType, StorageType, SubType, ValType } from '../../../src/wasm/syntax/types';

/** A small deterministic PRNG (LCG); `next()` in [0, 1). */
export class Rng {
  constructor(private seed: number) {}
  next(): number {
    this.seed = (Math.imul(this.seed, 1103515245) + 12345) & 0x7fffffff;
    return this.seed / 0x80000000;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(a: readonly T[]): T {
    return a[this.int(a.length)]!;
  }
}

const ABS: readonly AbsHeapType[] = ['any', 'eq', 'i31', 'struct', 'array', 'none', 'func', 'nofunc', 'extern', 'noextern'];
const NUMS: readonly ValType[] = ['i32', 'i64', 'f32', 'f64'];
const STRUCTURED = new Set(['block', 'loop', 'if', 'else', 'end']);

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export class AstMutator {
  constructor(
    private readonly rng: Rng,
    /** Instructions to splice in (taken from real modules, with their immediates). */
    private readonly pool: readonly Instr[],
  ) {}

  private heap(ntypes: number): HeapType {
    return this.rng.next() < 0.6 ? this.rng.pick(ABS) : this.rng.int(ntypes + 1);
  }
  private refType(r: RefType, ntypes: number): RefType {
    const q = this.rng.next();
    if (q < 0.3) return { ...r, nullable: !r.nullable };
    return { ...r, heap: this.heap(ntypes) };
  }
  private valType(t: ValType, ntypes: number): ValType {
    if (typeof t === 'string' || this.rng.next() < 0.2) {
      return this.rng.next() < 0.5 ? this.rng.pick(NUMS) : { kind: 'ref', nullable: this.rng.next() < 0.5, heap: this.heap(ntypes) };
    }
    return this.refType(t, ntypes);
  }
  private storage(t: StorageType, ntypes: number): StorageType {
    if (this.rng.next() < 0.2) return this.rng.pick(['i8', 'i16'] as const);
    return this.valType(t === 'i8' || t === 'i16' ? 'i32' : t, ntypes);
  }

  private imm(v: ImmValue, ntypes: number): ImmValue {
    if (typeof v === 'number') return Math.max(0, v + (this.rng.next() < 0.5 ? 1 : -1));
    if (typeof v === 'string') return this.rng.pick(ABS);
    if (typeof v !== 'object' || v === null) return v;
    if (Array.isArray(v)) return v.length > 0 ? [this.valType(v[0] as ValType, ntypes), ...v.slice(1)] : v;
    if ('kind' in v && v.kind === 'ref') return this.refType(v, ntypes);
    if ('kind' in v && v.kind === 'value') return { kind: 'value', type: this.valType(v.type, ntypes) };
    if ('kind' in v && v.kind === 'index') return { kind: 'index', index: Math.max(0, v.index + (this.rng.next() < 0.5 ? 1 : -1)) };
    if ('from' in v) return this.rng.next() < 0.5 ? { ...v, from: this.refType(v.from, ntypes) } : { ...v, to: this.refType(v.to, ntypes) };
    if ('labels' in v) return { ...v, defaultLabel: Math.max(0, v.defaultLabel + (this.rng.next() < 0.5 ? 1 : -1)) };
    return v;
  }

  /** One mutation; the input is not modified. */
  mutate(m: Module): Module {
    const rng = this.rng;
    const ntypes = m.types.reduce((n, g) => n + g.subtypes.length, 0);
    const q = rng.next();
    if (q < 0.55 && m.funcs.length > 0) {
      const fi = rng.int(m.funcs.length);
      const f = m.funcs[fi]!;
      const body = f.body.slice();
      const k = Math.min(rng.int(body.length + 1), Math.max(0, body.length - 1));
      const r = rng.next();
      const at = body[k];
      if (r < 0.2 && at !== undefined && !STRUCTURED.has(at.op)) body.splice(k, 1);
      else if (r < 0.45 && this.pool.length > 0) {
        const ins = rng.pick(this.pool);
        if (!STRUCTURED.has(ins.op)) body.splice(k, 0, ins);
      } else if (r < 0.6 && at !== undefined && !STRUCTURED.has(at.op)) body.splice(k, 0, at);
      else if (at !== undefined && at.imm.length > 0) {
        const j = rng.int(at.imm.length);
        const imm = at.imm.slice();
        imm[j] = this.imm(imm[j]!, ntypes);
        body[k] = { op: at.op, imm };
      }
      const funcs = m.funcs.slice();
      funcs[fi] = { ...f, body };
      return { ...m, funcs };
    }
    if (q < 0.8 && ntypes > 0) {
      const gi = rng.int(m.types.length);
      const g = m.types[gi]!;
      if (g.subtypes.length === 0) return m;
      const si = rng.int(g.subtypes.length);
      const s: Mutable<SubType> = { ...g.subtypes[si]! };
      const c = s.composite;
      const r = rng.next();
      if (r < 0.15) s.final = !s.final;
      else if (r < 0.3) s.supertypes = rng.next() < 0.5 ? [] : [rng.int(ntypes)];
      else if (c.kind === 'struct' && c.fields.length > 0) {
        const fields = c.fields.slice();
        const fj = rng.int(fields.length);
        const fld: FieldType = fields[fj]!;
        fields[fj] = rng.next() < 0.4 ? { ...fld, mutable: !fld.mutable } : { ...fld, storage: this.storage(fld.storage, ntypes) };
        s.composite = { kind: 'struct', fields };
      } else if (c.kind === 'array') {
        const e = c.element;
        s.composite = { kind: 'array', element: rng.next() < 0.4 ? { ...e, mutable: !e.mutable } : { ...e, storage: this.storage(e.storage, ntypes) } };
      } else if (c.kind === 'func') {
        const params = c.params.slice();
        const results = c.results.slice();
        const a = rng.next() < 0.5 ? params : results;
        if (a.length > 0) {
          const j = rng.int(a.length);
          a[j] = this.valType(a[j]!, ntypes);
        }
        s.composite = { kind: 'func', params, results };
      }
      const subtypes = g.subtypes.slice();
      subtypes[si] = s;
      const types = m.types.slice();
      types[gi] = { subtypes };
      return { ...m, types };
    }
    if (m.funcs.length > 0) {
      const fi = rng.int(m.funcs.length);
      const f = m.funcs[fi]!;
      const funcs = m.funcs.slice();
      if (f.locals.length > 0) {
        const locals = f.locals.slice();
        const j = rng.int(locals.length);
        locals[j] = this.valType(locals[j]!, ntypes);
        funcs[fi] = { ...f, locals };
      } else funcs[fi] = { ...f, typeIndex: rng.int(ntypes + 1) };
      return { ...m, funcs };
    }
    return m;
  }
}
