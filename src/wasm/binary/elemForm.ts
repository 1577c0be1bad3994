import type { ConstExpr } from '../syntax/instructions';
import type { Elem } from '../syntax/module';

/** The function index of an initialiser that is exactly `ref.func x`, else undefined. */
export function refFuncIndex(e: ConstExpr): number | undefined {
  if (e.length !== 1 || e[0]!.op !== 'ref.func') return undefined;
  const x = e[0]!.imm[0];
  return typeof x === 'number' ? x : undefined;
}

/**
 * The binary forms (spec 5.5.12) that can encode element segment `e`, canonical first. Forms 0-3
 * carry function indices and imply type `(ref func)`; form 4 implies `(ref null func)` and table 0;
 * forms 5-7 carry a reference type and expressions. Forms 0 and 4 exist only for table 0.
 */
export function elemForms(e: Elem): number[] {
  const t = e.type;
  const refFunc = !t.nullable && t.heap === 'func';
  const funcref = t.nullable && t.heap === 'func';
  const indices = refFunc && e.init.every((x) => refFuncIndex(x) !== undefined);
  const m = e.mode;
  const forms: number[] = [];
  if (m.kind === 'active') {
    if (indices && m.table === 0) forms.push(0);
    if (indices) forms.push(2);
    if (funcref && m.table === 0) forms.push(4);
    forms.push(6);
  } else if (m.kind === 'passive') {
    if (indices) forms.push(1);
    forms.push(5);
  } else {
    if (indices) forms.push(3);
    forms.push(7);
  }
  return forms;
}
