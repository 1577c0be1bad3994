import { NUMERIC_OPS, isNumericOpName } from '../numerics/numericOps';
import { findOpcodeByName } from '../../opcodeTable';
import { Op } from './op';

/**
 * Lane-shaped tables of the numeric operators of NUMERIC_OPS (spec 4.3), so the interpreter calls
 * them without boxing: `Op.NumUnNN` calls `UN_NN[k](a)` with a number operand and result, `NumBinBB`
 * calls `BIN_BB[k](a, b)` on bigints, and so on. "N" is the number lane (i32, f32 bits, f64),
 * "B" the bigint lane (i64). Each operator's lanes come from its opcode-table signature.
 */
export const UN_NN: ((a: number) => number)[] = [];
export const UN_NB: ((a: number) => bigint)[] = [];
export const UN_BN: ((a: bigint) => number)[] = [];
export const UN_BB: ((a: bigint) => bigint)[] = [];
export const BIN_NN: ((a: number, b: number) => number)[] = [];
export const BIN_BB: ((a: bigint, b: bigint) => bigint)[] = [];
export const BIN_BB_N: ((a: bigint, b: bigint) => number)[] = [];

/** How `compileFunc` emits a numeric operator: opcode and table index. */
export interface NumericDispatch {
  readonly op: Op;
  readonly index: number;
}

const DISPATCH = new Map<string, NumericDispatch>();

function push<F>(table: F[], fn: F, op: Op): NumericDispatch {
  table.push(fn);
  return { op, index: table.length - 1 };
}

for (const name of Object.keys(NUMERIC_OPS)) {
  if (!isNumericOpName(name)) continue;
  const entry = findOpcodeByName(name);
  if (entry?.sig === undefined) continue;
  const [params, results] = entry.sig;
  const fn: unknown = NUMERIC_OPS[name];
  const lane = (t: string | undefined): string => (t === 'i64' ? 'B' : 'N');
  const shape = params.map(lane).join('') + '>' + lane(results[0]);
  let d: NumericDispatch;
  switch (shape) {
    case 'N>N': d = push(UN_NN, fn as (a: number) => number, Op.NumUnNN); break;
    case 'N>B': d = push(UN_NB, fn as (a: number) => bigint, Op.NumUnNB); break;
    case 'B>N': d = push(UN_BN, fn as (a: bigint) => number, Op.NumUnBN); break;
    case 'B>B': d = push(UN_BB, fn as (a: bigint) => bigint, Op.NumUnBB); break;
    case 'NN>N': d = push(BIN_NN, fn as (a: number, b: number) => number, Op.NumBinNN); break;
    case 'BB>B': d = push(BIN_BB, fn as (a: bigint, b: bigint) => bigint, Op.NumBinBB); break;
    case 'BB>N': d = push(BIN_BB_N, fn as (a: bigint, b: bigint) => number, Op.NumBinBBtoN); break;
    default: continue;
  }
  DISPATCH.set(name, d);
}

/** The dispatch of numeric operator `name`, or undefined when it is not one. */
export function numericDispatch(name: string): NumericDispatch | undefined {
  return DISPATCH.get(name);
}
