/** The NUMERIC_OPS map: completeness against the spec table, signatures, and the NaN policy. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  NUMERIC_OPS, isNumericOpName, type NumericOpName,
} from '../../../../src/wasm/execution/numerics/numericOps';
import { OPCODES } from '../../../../src/wasm/opcodeTable';
import { SPEC_NUMERIC_INSTRS, arbRaw, bitsOfF64, f64OfBits, isNanPropagating, nanClass } from './numericTestKit';

const names = Object.keys(NUMERIC_OPS) as NumericOpName[];

test('NUMERIC_OPS holds exactly the 136 spec numeric instructions, in opcode order', () => {
  assert.deepEqual(names, SPEC_NUMERIC_INSTRS.map((s) => s.name));
});

test('arity (fn.length) agrees with the spec table', () => {
  for (const spec of SPEC_NUMERIC_INSTRS) {
    assert.ok(isNumericOpName(spec.name));
    assert.equal(NUMERIC_OPS[spec.name].length, spec.params.length, `${spec.name} arity`);
  }
  assert.equal(isNumericOpName('i32.const'), false);
  assert.equal(isNumericOpName('toString'), false);
  assert.equal(isNumericOpName('hasOwnProperty'), false);
});

test('the opcode table\'s immediate-free numeric entries are exactly NUMERIC_OPS, with the spec encodings and types', () => {
  const entries = OPCODES.filter((e) => e.group === 'numeric' && e.imm.length === 0);
  assert.deepEqual(entries.map((e) => e.name).sort(), [...names].sort());
  for (const e of entries) {
    const spec = SPEC_NUMERIC_INSTRS.find((s) => s.name === e.name);
    assert.ok(spec, e.name);
    assert.deepEqual(e.prefix === undefined ? [e.code] : [e.prefix, e.code], spec.bytes, `${e.name} encoding`);
    assert.deepEqual(e.sig, [spec.params, [spec.result]], `${e.name} signature`);
  }
});

test('NaN results follow the documented policy: first NaN operand quietened, else +canonical', () => {
  const floatOps = SPEC_NUMERIC_INSTRS.filter((s) => isNanPropagating(s.name) && s.params[0] === s.result);
  assert.equal(floatOps.length, 22);
  floatOps.forEach((spec, index) => {
    const t = spec.result;
    fc.assert(
      fc.property(fc.tuple(...spec.params.map(arbRaw)), (args) => {
        const fn = NUMERIC_OPS[spec.name as NumericOpName] as (a: number, b?: number) => number;
        const a0 = t === 'f64' ? f64OfBits(args[0] as bigint) : (args[0] as number);
        const r = spec.params.length === 1 ? fn(a0) : fn(a0, t === 'f64' ? f64OfBits(args[1] as bigint) : (args[1] as number));
        const raw = t === 'f64' ? bitsOfF64(r) : r;
        if (nanClass(t, raw) === 'not-nan') return;
        const firstNaN = args.find((a) => nanClass(t, a) !== 'not-nan');
        const expected = firstNaN === undefined
          ? (t === 'f64' ? 0x7ff8000000000000n : 0x7fc00000)
          : (t === 'f64' ? (firstNaN as bigint) | 0x0008000000000000n : ((firstNaN as number) | 0x00400000) >>> 0);
        assert.equal(raw, expected, `${spec.name}`);
      }),
      { seed: 0x6e616e + index, numRuns: 3000 },
    );
  });
});
