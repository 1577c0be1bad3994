import type { TrapKind } from '../../src/errors/Trap';

/**
 * Every legitimate difference between engines running the same Wasm-program case, in one place.
 * `compareOutcomes` implements exactly these and nothing else; anything it reports is a finding.
 * (Differences between collectors and the model on op streams are listed in ../allowedDifferences.ts.)
 */
export interface AllowedDifference {
  readonly id: string;
  readonly description: string;
}

export const ALLOWED_DIFFERENCES: readonly AllowedDifference[] = [
  {
    id: 'resource-exhaustion',
    description:
      'An engine may run out of a resource the others have more of: GC heap memory (small heap, ' +
      'allocation too large), call stack, or fuel. From the step where either engine is exhausted, ' +
      'nothing more is compared, except that the host calls the exhausted engine made in that step ' +
      'must be a prefix of the other engine\'s.',
  },
  {
    id: 'fuel-vs-v8',
    description:
      'V8 has no fuel: where an interpreter engine runs out of fuel V8 runs on (a case of ' +
      'resource-exhaustion). Generated programs are bounded by their own budget global, so this is rare.',
  },
  {
    id: 'nan-payloads',
    description:
      'NaN payloads are nondeterministic (spec 4.3.3): every NaN is summarised as "nan". The generator ' +
      'canonicalises NaN results before they can be reinterpreted as integers or stored.',
  },
  {
    id: 'v8-trap-messages',
    description:
      'V8 reports some distinct trap kinds with one message (e.g. "null function or function signature ' +
      'mismatch", "table index is out of bounds", "float unrepresentable in integer range"); its trap is ' +
      'the set of kinds its message covers, and traps match when the sets intersect.',
  },
  {
    id: 'bulk-bounds-order',
    description:
      'When a bulk instruction (array.init_elem/init_data, array.new_elem/new_data, table.init) is out ' +
      'of bounds on both its source segment and its destination, V8 reports the segment; segment traps ' +
      'therefore also cover the destination\'s out-of-bounds kinds.',
  },
  {
    id: 'opaque-gc-objects',
    description:
      'JavaScript cannot look into V8\'s structs and arrays or tell them apart, so every engine summarises ' +
      'a struct or array reference as "object"; their contents are compared through the values programs ' +
      'read back and return or record.',
  },
  {
    id: 'opaque-exnref-payload',
    description:
      'An uncaught exception is compared by tag (its export name) and payload. JavaScript cannot read an ' +
      'exnref (WebAssembly.Exception.getArg throws for one), so every engine summarises an exnref payload ' +
      'value as "object", null or not; a held exnref is compared through what rethrowing it later does.',
  },
];

/** The trap kinds each of V8's RuntimeError messages stands for (`v8-trap-messages`, `bulk-bounds-order`). */
export const V8_TRAP_MESSAGES: Readonly<Record<string, readonly TrapKind[]>> = {
  'unreachable': ['unreachable'],
  'divide by zero': ['integer divide by zero'],
  'remainder by zero': ['integer divide by zero'],
  'divide result unrepresentable': ['integer overflow'],
  'float unrepresentable in integer range': ['invalid conversion to integer', 'integer overflow'],
  'dereferencing a null pointer': ['null reference'],
  'array element access out of bounds': ['out of bounds array access'],
  'illegal cast': ['cast failure'],
  'table index is out of bounds': ['out of bounds table access', 'undefined element', 'element segment'],
  'null function or function signature mismatch': ['uninitialized element', 'indirect call type mismatch', 'null reference'],
  'data segment out of bounds': ['data segment', 'out of bounds memory access', 'out of bounds array access'],
  'element segment out of bounds': ['element segment', 'out of bounds table access', 'out of bounds array access'],
  'memory access out of bounds': ['out of bounds memory access'],
  'table access out of bounds': ['out of bounds table access'],
};

/**
 * Trap kinds treated as one for comparison (`bulk-bounds-order`): the interpreter's segment traps
 * also match the destination out-of-bounds kinds.
 */
export function trapKindsMatch(a: readonly TrapKind[], b: readonly TrapKind[]): boolean {
  const widen = (ks: readonly TrapKind[]): Set<TrapKind> => {
    const s = new Set(ks);
    if (s.has('element segment')) {
      s.add('out of bounds table access');
      s.add('out of bounds array access');
    }
    if (s.has('data segment')) {
      s.add('out of bounds memory access');
      s.add('out of bounds array access');
    }
    return s;
  };
  const wa = widen(a);
  const wb = widen(b);
  for (const k of wa) if (wb.has(k)) return true;
  return false;
}
