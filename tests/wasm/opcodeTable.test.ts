import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ByteReader } from '../../src/wasm/binary/byteReader';
import { ByteWriter } from '../../src/wasm/binary/byteWriter';
import { readInstr } from '../../src/wasm/binary/decodeInstr';
import { writeInstr } from '../../src/wasm/binary/encodeInstr';
import {
  CONSTANT_OPCODES,
  OPCODES,
  OUT_OF_SCOPE,
  SAFEPOINT_OPCODES,
  findOpcodeByName,
  opcodeByCode,
  opcodeByName,
  opcodeKey,
  outOfScopeFeature,
  type OpcodeEntry,
} from '../../src/wasm/opcodeTable';
import type { Instr } from '../../src/wasm/syntax/instructions';
import { immArb, sampleImm } from './immArbitraries';

function roundTrip(instr: Instr): Instr {
  const w = new ByteWriter();
  writeInstr(w, instr);
  const bytes = w.finish();
  const r = ByteReader.of(bytes);
  const back = readInstr(r);
  assert.ok(r.atEnd(), `${instr.op}: ${r.remaining} bytes left over`);
  return back;
}

function entryArb(e: OpcodeEntry): fc.Arbitrary<Instr> {
  return fc.tuple(...e.imm.map(immArb)).map((imm) => ({ op: e.name, imm }));
}

describe('opcode table', () => {
  it('has unique names', () => {
    const names = OPCODES.map((e) => e.name);
    assert.equal(new Set(names).size, names.length);
  });

  it('has unique (prefix, code) pairs', () => {
    const keys = OPCODES.map((e) => opcodeKey(e.prefix, e.code));
    assert.equal(new Set(keys).size, keys.length);
  });

  it('covers the scope: 0xFB 0-30, 0xFC 0-17 and every MVP numeric opcode 0x45-0xC4', () => {
    for (let c = 0; c <= 30; c++) assert.ok(opcodeByCode(0xfb, c), `0xFB ${c}`);
    for (let c = 0; c <= 17; c++) assert.ok(opcodeByCode(0xfc, c), `0xFC ${c}`);
    for (let c = 0x45; c <= 0xc4; c++) assert.equal(opcodeByCode(undefined, c)?.group, 'numeric', `0x${c.toString(16)}`);
    for (let c = 0x28; c <= 0x40; c++) assert.equal(opcodeByCode(undefined, c)?.group, 'memory');
    for (let c = 0xd0; c <= 0xd6; c++) assert.ok(opcodeByCode(undefined, c));
  });

  it('looks entries up by name and by code', () => {
    for (const e of OPCODES) {
      assert.equal(opcodeByName(e.name), e);
      assert.equal(findOpcodeByName(e.name), e);
      assert.equal(opcodeByCode(e.prefix, e.code), e);
    }
    assert.equal(findOpcodeByName('return'), opcodeByCode(undefined, 0x0f));
    assert.equal(findOpcodeByName('delegate'), undefined);
    assert.throws(() => opcodeByName('i32.frobnicate'));
  });

  it('does not overlap the out-of-scope opcodes', () => {
    for (const e of OPCODES) assert.equal(outOfScopeFeature(e.prefix, e.code), undefined, e.name);
    for (const o of OUT_OF_SCOPE) {
      if (o.code !== undefined) assert.equal(opcodeByCode(o.prefix, o.code), undefined);
      else assert.ok(OPCODES.every((e) => e.prefix !== o.prefix && !(e.prefix === undefined && e.code === o.prefix)));
    }
  });

  it('gives a fixed signature to every numeric and memory instruction', () => {
    for (const e of OPCODES) {
      if (e.group === 'numeric' || e.group === 'memory') assert.ok(e.sig, e.name);
      else assert.equal(e.sig, undefined, e.name);
    }
    assert.deepEqual(opcodeByName('i64.store').sig, [['i32', 'i64'], []]);
    assert.deepEqual(opcodeByName('f32.load').sig, [['i32'], ['f32']]);
    assert.deepEqual(opcodeByName('i32.trunc_sat_f64_u').sig, [['f64'], ['i32']]);
  });

  it('marks exactly the extended-const + GC constant instructions', () => {
    assert.deepEqual(
      CONSTANT_OPCODES.map((e) => e.name).sort(),
      [
        'any.convert_extern', 'array.new', 'array.new_default', 'array.new_fixed', 'extern.convert_any',
        'f32.const', 'f64.const', 'global.get', 'i32.add', 'i32.const', 'i32.mul', 'i32.sub',
        'i64.add', 'i64.const', 'i64.mul', 'i64.sub', 'ref.func', 'ref.i31', 'ref.null',
        'struct.new', 'struct.new_default',
      ].sort(),
    );
  });

  it('marks exactly the calls and allocations as safepoints', () => {
    assert.deepEqual(
      SAFEPOINT_OPCODES.map((e) => e.name).sort(),
      [
        'array.new', 'array.new_data', 'array.new_default', 'array.new_elem', 'array.new_fixed',
        'call', 'call_indirect', 'call_ref', 'struct.new', 'struct.new_default',
        'return_call', 'return_call_indirect', 'return_call_ref', 'throw',
      ].sort(),
    );
  });

  it('encodes and decodes every entry back to itself (sample immediates)', () => {
    for (const e of OPCODES) {
      const instr: Instr = { op: e.name, imm: e.imm.map(sampleImm) };
      assert.deepEqual(roundTrip(instr), instr, e.name);
    }
  });

  it('encodes and decodes every entry back to itself (random immediates)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...OPCODES).chain(entryArb), (instr) => {
        assert.deepEqual(roundTrip(instr), instr);
      }),
      { seed: 0x5eed, numRuns: 5000 },
    );
  });
});
