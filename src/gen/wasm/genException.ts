import type { CatchClause } from '../../wasm/syntax/instructions';
import type { BlockType, RefType, ValType } from '../../wasm/syntax/types';
import type { BodyGen } from './genBody';
import type { ExnTagInfo } from './genContext';
import type { Option } from './option';
import { ref } from './typeSpace';

/** The nullable exnref: the type of every exnref slot the generator keeps (locals, the global, the table). */
export const EXN_NULL: RefType = ref(true, 'exn');

/** Whether `t` is an exnref: no generic expression generator makes one, so exnref labels and values are this file's alone. */
export function isExnType(t: ValType): boolean {
  return typeof t !== 'string' && t.heap === 'exn';
}

/**
 * Statements of exception handling (spec 3.3.x `throw`, `throw_ref`, `try_table`), added to
 * `genStmt`'s options when the module defines tags. Every exnref the program holds lives in a
 * reserved local, the module's exnref global or its exnref table, so collections happen while
 * exceptions are held there, and `throw_ref` rethrows them later (a null one is skipped with
 * `br_on_null`, so rethrows do not trap).
 */
export function exnStmtOptions(gen: BodyGen, depth: number): Option[] {
  const exn = gen.ctx.exn;
  if (exn === undefined) return [];
  const out: Option[] = [
    // An unguarded throw ends the function (and often the invocation): rare, so programs still do their work.
    [gen.c.chance(0.3) ? 1 : 0, () => throwInstr(gen, gen.c.pick(exn.tags))],
    [3, () => rethrowStmt(gen)],
  ];
  if (depth > 0 && !gen.full) out.push([7, () => tryStmt(gen, depth)]);
  return out;
}

/** `throw t` with a payload: numbers and refs from the generic generators, exnrefs from the held slots. */
export function throwInstr(gen: BodyGen, tag: ExnTagInfo): void {
  const d = gen.ctx.limits.exprDepth - 1;
  for (const p of tag.params) {
    if (isExnType(p)) getHeldExn(gen);
    else gen.value(p, d);
  }
  gen.op('throw', tag.index);
}

/** Leaves one held exnref (maybe null) on the stack: the reserved local, the global or a table element. */
function getHeldExn(gen: BodyGen): void {
  const { c } = gen;
  const exn = gen.ctx.exn!;
  const options: Option[] = [
    [3, () => gen.op('local.get', gen.scratchLocal(EXN_NULL))],
    [2, () => gen.op('global.get', exn.global)],
    [exn.table !== null ? 2 : 0, () => {
      gen.op('i32.const', c.int(exn.tableSize));
      gen.op('table.get', exn.table!);
    }],
    [1, () => gen.op('ref.null', 'exn')],
  ];
  gen.choose(options);
}

/** Where `storeExn` put an exnref: the code that reads it back (nothing when it was dropped). */
type HeldSlot = (() => void) | null;

/** Stores the exnref on top of the stack into a held slot (or drops it). */
function storeExn(gen: BodyGen): HeldSlot {
  const { c } = gen;
  const exn = gen.ctx.exn!;
  const local = gen.scratchLocal(EXN_NULL);
  let slot: HeldSlot = null;
  const options: Option[] = [
    [4, () => {
      gen.op('local.set', local);
      slot = () => gen.op('local.get', local);
    }],
    [3, () => {
      gen.op('global.set', exn.global);
      slot = () => gen.op('global.get', exn.global);
    }],
    [exn.table !== null ? 3 : 0, () => {
      const i = c.int(exn.tableSize);
      gen.op('local.set', local);
      gen.op('i32.const', i);
      gen.op('local.get', local);
      gen.op('table.set', exn.table!);
      slot = () => {
        gen.op('i32.const', i);
        gen.op('table.get', exn.table!);
      };
    }],
    [1, () => gen.op('drop')],
  ];
  gen.choose(options);
  return slot;
}

/** `block; <held exnref>; br_on_null 0; throw_ref; end`: rethrow a held exception, if there is one. */
function rethrowStmt(gen: BodyGen, from: HeldSlot = null): void {
  gen.op('block', { kind: 'empty' });
  gen.withLabel([], () => {
    if (from !== null) from();
    else getHeldExn(gen);
    gen.op('br_on_null', 0);
    gen.op('throw_ref');
  });
  gen.op('end');
}

/**
 * A guarded region with one handler:
 *   block $out
 *     block $h (result <clause values>)
 *       try_table (catch... $h)  <statements, maybe ending in a throw>  end
 *       br $out
 *     end
 *     <handler: keep the exnref, store or drop the payload>
 *   end
 * Calls inside the region throw across frames that hold refs in locals and on the operand stack.
 */
function tryStmt(gen: BodyGen, depth: number): void {
  const { c } = gen;
  const exn = gen.ctx.exn!;
  const tag = c.pick(exn.tags);
  const kind = c.pick<CatchClause['kind']>(['catch', 'catch_ref', 'catch_all', 'catch_all_ref']);
  const values: ValType[] = kind === 'catch' ? [...tag.params] : kind === 'catch_ref' ? [...tag.params, EXN_NULL] : kind === 'catch_all' ? [] : [EXN_NULL];
  const bt: BlockType = kind === 'catch' ? tag.catchType : kind === 'catch_ref' ? tag.catchRefType : kind === 'catch_all' ? { kind: 'empty' } : { kind: 'value', type: EXN_NULL };
  const clause: CatchClause = kind === 'catch' || kind === 'catch_ref' ? { kind, tag: tag.index, label: 0 } : { kind, label: 0 };
  gen.op('block', { kind: 'empty' });
  gen.withLabel([], () => {
    gen.op('block', bt);
    gen.withLabel(values, () => {
      gen.op('try_table', { kind: 'empty' }, [clause]);
      gen.withLabel([], () => {
        gen.stmts(depth - 1);
        const hostThrow = gen.ctx.hostIndex.throw_exn;
        if (hostThrow !== undefined && c.chance(0.3)) {
          // The host throws into Wasm (when its i32 is odd).
          gen.callArgs(gen.ctx.funcs[hostThrow]!.type, 1);
          gen.op('call', hostThrow);
        } else if (c.chance(0.5)) throwInstr(gen, c.chance(0.7) ? tag : c.pick(exn.tags));
      });
      gen.op('end');
      gen.op('br', 1);
    });
    gen.op('end');
    let held: HeldSlot = null;
    for (let i = values.length - 1; i >= 0; i--) {
      const t = values[i]!;
      if (isExnType(t)) held = storeExn(gen);
      else keepValue(gen, t);
    }
    // Collect while the caught exception is held (in the frame, the global or the table), then maybe rethrow it.
    const gc = gen.ctx.hostIndex.gc;
    if (gc !== undefined && c.chance(0.6)) {
      gen.callArgs(gen.ctx.funcs[gc]!.type, 1);
      gen.op('call', gc);
    }
    gen.stmts(depth - 1);
    if (held !== null && c.chance(0.5)) rethrowStmt(gen, held);
    else if (c.chance(0.2)) rethrowStmt(gen);
  });
  gen.op('end');
}

/** A caught payload value: into a writable local of its type when there is one (so later code reads it), else dropped. */
function keepValue(gen: BodyGen, t: ValType): void {
  const ls = gen.writableLocals().filter((l) => gen.ts.valSub(t, gen.locals[l]!));
  if (ls.length > 0 && gen.c.chance(0.7)) gen.op('local.set', gen.c.pick(ls));
  else gen.op('drop');
}
