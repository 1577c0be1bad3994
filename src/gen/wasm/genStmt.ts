import { genArrayMutation } from './genArrayMutation';
import type { BodyGen } from './genBody';
import { genBrOnStmt } from './genBrOnStmt';
import { genHandBack } from './genHandBack';
import { exnStmtOptions, isExnType } from './genException';
import { inhabited } from './genConstValue';
import { genHoldAcrossCall } from './genHoldAcrossCall';
import { genIndirectCall } from './genIndirectCall';
import { genSelfCall } from './genSelfCall';
import { genTableOp } from './genTableOp';
import type { Option } from './option';
import { ref, EXTERN_NULL } from './typeSpace';


/** Emits one statement: instructions with no net stack effect. */
export function genStmt(gen: BodyGen, depth: number): void {
  const { c, ts, ctx } = gen;
  const d = ctx.limits.exprDepth;
  const locals = gen.writableLocals();
  const mutGlobals = ctx.globals.map((g, i) => [g, i] as const).filter(([g, i]) => g.mutable && i !== ctx.budgetGlobal && i !== ctx.exn?.global).map(([, i]) => i);
  const mutFields = mutableFields(gen);
  const mutArrays = ts.indicesOf('array').filter((a) => ts.array(a).element.mutable);
  const callees = gen.callees().filter((f) => f.role !== 'host' && f.type.params.every((p) => inhabited(ctx, p)));
  const leafTypes = gen.leafTypesReturning(undefined);
  const hostStmts = (['gc', 'gc_step', 'record', 'throw_exn'] as const).filter((h) => ctx.hostIndex[h] !== undefined);
  const options: Option[] = [
    [1, () => gen.op('nop')],
    [locals.length > 0 ? 6 : 0, () => {
      const l = c.pick(locals);
      gen.value(gen.locals[l]!, d);
      gen.op('local.set', l);
    }],
    [mutGlobals.length > 0 ? 2 : 0, () => {
      const g = c.pick(mutGlobals);
      gen.value(ctx.globals[g]!.type, d);
      gen.op('global.set', g);
    }],
    [mutFields.length > 0 ? 6 : 0, () => structSet(gen, c.pick(mutFields), d)],
    [mutArrays.length > 0 ? 4 : 0, () => genArrayMutation(gen, c.pick(mutArrays), d)],
    [ctx.tables.length > 0 ? 3 : 0, () => genTableOp(gen, d)],
    [callees.length > 0 ? 4 : 0, () => {
      const f = c.pick(callees);
      gen.callArgs(f.type, d);
      gen.op('call', f.index);
      for (let i = 0; i < f.type.results.length; i++) gen.op('drop');
    }],
    [leafTypes.length > 0 ? 2 : 0, () => {
      const ti = c.pick(leafTypes);
      genIndirectCall(gen, ti, d);
      for (let i = 0; i < ts.func(ti).results.length; i++) gen.op('drop');
    }],
    [hostStmts.length > 0 ? 4 : 0, () => hostCall(gen, c.pick(hostStmts), d)],
    // gc_step again on its own: each call is one sliced step of the store's open collection, and
    // the steps that find it open, complete it or leave it open are what gcStep's promises cover.
    [ctx.hostIndex.gc_step !== undefined ? 3 : 0, () => hostCall(gen, 'gc_step', d)],
    [ctx.hostIndex.hand_back !== undefined ? 3 : 0, () => genHandBack(gen, d)],
    [ctx.hostKeepGlobal !== null ? 2 : 0, () => {
      // Keep a host object past this call: the host-lifetime checks need survivors.
      gen.value(EXTERN_NULL, d);
      gen.op('global.set', ctx.hostKeepGlobal!);
    }],
    [2, () => {
      gen.expr(gen.localType(), d);
      gen.op('drop');
    }],
  ];
  if (depth > 0 && !gen.full) {
    options.push([3, () => ifStmt(gen, depth)]);
    options.push([gen.loopDepth < 2 ? 4 : 0, () => loopStmt(gen, depth)]);
    options.push([2, () => blockStmt(gen, depth)]);
    options.push([1, () => brTableStmt(gen, depth)]);
    options.push([2, () => genBrOnStmt(gen, depth)]);
    options.push([6, () => genHoldAcrossCall(gen, depth)]);
    options.push([gen.recursive ? 3 : 0, () => genSelfCall(gen)]);
  }
  options.push(...exnStmtOptions(gen, depth));
  options.push([1, () => brStmt(gen)]);
  options.push([ctx.dataLengths.length > 0 && c.chance(0.2) ? 1 : 0, () => gen.op('data.drop', c.int(ctx.dataLengths.length))]);
  options.push([c.chance(0.1) ? 1 : 0, () => gen.op('unreachable')]);
  gen.choose(options);
}

function mutableFields(gen: BodyGen): [number, number][] {
  const out: [number, number][] = [];
  for (const s of gen.ts.indicesOf('struct')) {
    gen.ts.struct(s).fields.forEach((f, i) => {
      if (f.mutable) out.push([s, i]);
    });
  }
  return out;
}

/** `struct.set`; ref fields are mostly filled from locals, so objects form graphs and cycles. */
function structSet(gen: BodyGen, [s, f]: [number, number], d: number): void {
  gen.operand(ref(true, s), d - 1);
  gen.storedValue(gen.ts.struct(s).fields[f]!.storage, d);
  gen.op('struct.set', s, f);
}

function hostCall(gen: BodyGen, name: 'gc' | 'gc_step' | 'record' | 'throw_exn', d: number): void {
  const idx = gen.ctx.hostIndex[name]!;
  gen.callArgs(gen.ctx.funcs[idx]!.type, d);
  gen.op('call', idx);
}

function ifStmt(gen: BodyGen, depth: number): void {
  gen.expr('i32', gen.ctx.limits.exprDepth);
  gen.op('if', { kind: 'empty' });
  gen.withLabel([], () => {
    gen.stmts(depth - 1);
    if (gen.c.chance(0.5)) {
      gen.op('else');
      gen.stmts(depth - 1);
    }
  });
  gen.op('end');
}

/** A loop bounded by a countdown local (reserved) and by the module budget. */
function loopStmt(gen: BodyGen, depth: number): void {
  const { c, ctx } = gen;
  if (gen.counters.length <= gen.loopDepth) {
    const l = gen.addLocal('i32');
    gen.reserved.add(l);
    gen.counters.push(l);
  }
  const counter = gen.counters[gen.loopDepth]!;
  const g = ctx.budgetGlobal;
  gen.op('i32.const', 1 + c.int(ctx.limits.maxLoopIters));
  gen.op('local.set', counter);
  gen.op('block', { kind: 'empty' });
  gen.withLabel([], () => {
    gen.op('loop', { kind: 'empty' });
    gen.withLabel([], () => {
      gen.op('local.get', counter);
      gen.op('i32.eqz');
      gen.op('global.get', g);
      gen.op('i32.eqz');
      gen.op('i32.or');
      gen.op('br_if', 1);
      gen.op('local.get', counter);
      gen.op('i32.const', 1);
      gen.op('i32.sub');
      gen.op('local.set', counter);
      gen.op('global.get', g);
      gen.op('i32.const', 1);
      gen.op('i32.sub');
      gen.op('global.set', g);
      gen.loopDepth++;
      gen.stmts(depth - 1);
      gen.loopDepth--;
      gen.op('br', 0);
    });
    gen.op('end');
  });
  gen.op('end');
}

function blockStmt(gen: BodyGen, depth: number): void {
  gen.op('block', { kind: 'empty' });
  gen.withLabel([], () => {
    gen.stmts(depth - 1);
    gen.expr('i32', gen.ctx.limits.exprDepth - 1);
    gen.op('br_if', 0);
    gen.stmts(depth - 1);
  });
  gen.op('end');
}

function brTableStmt(gen: BodyGen, depth: number): void {
  const n = 1 + gen.c.int(3);
  for (let i = 0; i < n; i++) {
    gen.op('block', { kind: 'empty' });
    gen.labels.push([]);
  }
  const labels: number[] = [];
  for (let i = 0; i < n - 1; i++) labels.push(gen.c.int(n));
  gen.expr('i32', gen.ctx.limits.exprDepth - 1);
  gen.op('br_table', { labels, defaultLabel: gen.c.int(n) });
  for (let i = 0; i < n; i++) {
    gen.labels.pop();
    gen.op('end');
    if (i < n - 1) gen.stmts(depth - 1);
  }
}

/** `br n` to an enclosing label, with values for it: ends a block early (or returns). */
function brStmt(gen: BodyGen): void {
  const { c } = gen;
  // Labels that take an exnref (a try_table handler's block) are targeted by their catch clause only.
  const targets = gen.labels.map((_, n) => n).filter((n) => !gen.labels[gen.labels.length - 1 - n]!.some(isExnType));
  const n = c.pick(targets);
  const types = gen.labels[gen.labels.length - 1 - n]!;
  for (const t of types) gen.expr(t, 1);
  if (c.chance(0.5) && n === gen.labels.length - 1) {
    gen.op('return');
  } else if (types.length === 0 && c.chance(0.5)) {
    gen.expr('i32', 1);
    gen.op('br_if', n);
  } else {
    gen.op('br', n);
  }
}
