import type { OpDeclaration } from './opDeclaration';
import type { OpRunner } from '../../harness/targets/ops/opRunner';
import { newExtern } from './newExtern';
import { newStruct } from './newStruct';
import { newArray } from './newArray';
import { clone } from './clone';
import { drop } from './drop';
import { enterScope } from './enterScope';
import { exitScope } from './exitScope';
import { writeRef } from './writeRef';
import { writeNum } from './writeNum';
import { read } from './read';
import { cast } from './cast';
import { arrayLen } from './arrayLen';
import { hostData } from './hostData';
import { pushFrame } from './pushFrame';
import { popFrame } from './popFrame';
import { gc } from './gc';
import { gcSliced } from './gcSliced';
import { gcAbandon } from './gcAbandon';
import { enterNoGc } from './enterNoGc';
import { exitNoGc } from './exitNoGc';
import { reset } from './reset';
import { forge } from './forge';
import { tableFill } from './tableFill';
import { tableGrow } from './tableGrow';
import { arrayFill } from './arrayFill';
import { arrayCopy } from './arrayCopy';
import { newStructInit } from './newStructInit';
import { newArrayInit } from './newArrayInit';
import { newArrayFixed } from './newArrayFixed';
import { refTest } from './refTest';
import { gcStart } from './gcStart';
import { gcSlice } from './gcSlice';
import { gcFinish } from './gcFinish';
import { gcDrop } from './gcDrop';
import { newExn } from './newExn';
import { exnGet } from './exnGet';
import { throwExn } from './throwExn';
import { catchExn } from './catchExn';
import { hostResults } from './hostResults';

/**
 * Every op of the op-stream cases, one declaration each, in a fixed order: the byte decoder
 * indexes this list with a kind byte, and the seeded generator draws from it by weight. A new op is
 * a new file in this folder plus its entry here (appended, so existing byte inputs keep decoding
 * to the same ops).
 */
const DECLARATIONS = [
  newExtern, newStruct, newArray, clone, drop, enterScope, exitScope, writeRef, writeNum,
  read, cast, arrayLen, hostData, pushFrame, popFrame, gc, gcSliced, gcAbandon,
  enterNoGc, exitNoGc, reset, forge, tableFill, tableGrow, arrayFill, arrayCopy, newStructInit,
  newArrayInit, newArrayFixed, refTest, gcStart, gcSlice, gcFinish, gcDrop,
  newExn, exnGet, throwExn, catchExn, hostResults,
] as const;

type OpOf<D> = D extends OpDeclaration<infer O> ? O : never;

/** An op of an op-stream case (plain JSON): the union of the declared ops. */
export type Op = OpOf<(typeof DECLARATIONS)[number]>;
export type OpKind = Op['op'];

/** Every declaration, as one type (each accepts only its own kind; dispatch goes by `kind`). */
// Each entry is an OpDeclaration of its own op; viewed as one type, dispatch by `kind` keeps them apart.
export const OP_DECLARATIONS: readonly OpDeclaration<Op>[] = DECLARATIONS as unknown as readonly OpDeclaration<Op>[];

/** Every op kind, in declaration order (byte decoding and coverage tests index into it). */
export const OP_KINDS: readonly OpKind[] = OP_DECLARATIONS.map((d) => d.kind);

const BY_KIND = new Map<string, OpDeclaration<Op>>(OP_DECLARATIONS.map((d) => [d.kind, d]));

/** The declaration of `kind`, or undefined for a name that is not an op (fixup drops those). */
export function declarationOf(kind: string): OpDeclaration<Op> | undefined {
  return BY_KIND.get(kind);
}

/** The lock-step runner's dispatch. */
export function runDeclaredOp(x: OpRunner, op: Op): void {
  BY_KIND.get(op.op)!.run(x, op);
}

/** Whether the handle `op` makes is owned (undefined: it makes none). */
export function handleMadeBy(op: Op): boolean | undefined {
  return BY_KIND.get(op.op)!.madeHandle?.(op);
}
