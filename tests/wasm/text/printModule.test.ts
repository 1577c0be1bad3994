import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { decodeModule } from '../../../src/wasm/binary/decodeModule';
import { mutatedBytesArb } from '../../../src/wasm/binary/mutatedBytesArb';
import type { Module } from '../../../src/wasm/syntax/module';
import { printInstr, printModule } from '../../../src/wasm/text/printModule';
import { decodableSpecBinaries, SPEC } from '../binary/specCorpus';

/** Parentheses outside string literals and `;;` comments balance, and never go negative. */
function balanced(wat: string): boolean {
  let depth = 0;
  for (const line of wat.split('\n')) {
    let inString = false;
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (inString) {
        if (c === '\\') i++;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c === ';' && line[i + 1] === ';') break;
      else if (c === '(') depth++;
      else if (c === ')' && --depth < 0) return false;
    }
  }
  return depth === 0;
}

const ANYREF = { kind: 'ref', nullable: true, heap: 'any' } as const;

const SAMPLE: Module = {
  types: [
    { subtypes: [{ final: true, supertypes: [], composite: { kind: 'func', params: ['i32'], results: ['i32'] } }] },
    {
      subtypes: [
        { final: false, supertypes: [], composite: { kind: 'struct', fields: [{ storage: 'i8', mutable: true }] } },
        { final: true, supertypes: [1], composite: { kind: 'struct', fields: [{ storage: 'i8', mutable: true }, { storage: ANYREF, mutable: false }] } },
      ],
    },
  ],
  imports: [{ module: 'env', name: 'f"x', desc: { kind: 'func', typeIndex: 0 } }],
  funcs: [
    {
      typeIndex: 0,
      locals: [{ kind: 'ref', nullable: false, heap: 2 }],
      body: [
        { op: 'block', imm: [{ kind: 'value', type: 'i32' }] },
        { op: 'local.get', imm: [0] },
        { op: 'call', imm: [0] },
        { op: 'end', imm: [] },
      ],
    },
  ],
  tables: [{ type: { limits: { min: 1, max: 2 }, element: ANYREF } }],
  mems: [{ limits: { min: 1 } }],
  globals: [{ type: { type: 'i64', mutable: true }, init: [{ op: 'i64.const', imm: [-5n] }] }],
  elems: [{ type: { kind: 'ref', nullable: false, heap: 'func' }, init: [[{ op: 'ref.func', imm: [1] }]], mode: { kind: 'declarative' } }],
  datas: [{ init: Uint8Array.of(0x61, 0x00, 0x22), mode: { kind: 'active', memory: 0, offset: [{ op: 'i32.const', imm: [8] }] } }],
  start: 1,
  exports: [{ name: 'run', kind: 'func', index: 1 }],
  customs: [{ name: 'name', bytes: new Uint8Array(3) }],
};

describe('printModule', () => {
  it('prints a module with every kind of field', () => {
    assert.equal(
      printModule(SAMPLE),
      [
        '(module',
        '  (type $0 (func (param i32) (result i32)))',
        '  (rec',
        '    (type $1 (sub (struct (field (mut i8)))))',
        '    (type $2 (sub final $1 (struct (field (mut i8)) (field anyref))))',
        '  )',
        '  (import "env" "f\\22x" (func $0 (type $0)))',
        '  (table $0 1 2 anyref)',
        '  (memory $0 1)',
        '  (global $0 (mut i64) i64.const -5)',
        '  (func $1 (type $0) (param i32) (result i32)',
        '    (local (ref $2))',
        '    block (result i32)',
        '      local.get 0',
        '      call $0',
        '    end',
        '  )',
        '  (export "run" (func $1))',
        '  (start $1)',
        '  (elem $0 declare (ref func) (item ref.func $1))',
        '  (data $0 (memory $0) (offset i32.const 8) "a\\00\\22")',
        '  ;; custom section "name": 3 bytes',
        ')',
        '',
      ].join('\n'),
    );
  });

  it('prints instructions in text order with text-format immediates', () => {
    assert.equal(printInstr({ op: 'ref.cast null', imm: [3] }), 'ref.cast (ref null $3)');
    assert.equal(printInstr({ op: 'ref.test', imm: ['i31'] }), 'ref.test (ref i31)');
    assert.equal(printInstr({ op: 'select t', imm: [['i32']] }), 'select (result i32)');
    assert.equal(printInstr({ op: 'call_indirect', imm: [4, 1] }), 'call_indirect $1 (type $4)');
    assert.equal(printInstr({ op: 'table.init', imm: [2, 1] }), 'table.init $1 $2');
    assert.equal(printInstr({ op: 'i32.load16_u', imm: [{ align: 1, offset: 8 }] }), 'i32.load16_u offset=8 align=2');
    assert.equal(printInstr({ op: 'f32.const', imm: [0x7fc0_0000] }), 'f32.const nan');
    assert.equal(printInstr({ op: 'f32.const', imm: [0xff80_0001] }), 'f32.const -nan:0x1');
    assert.equal(printInstr({ op: 'f32.const', imm: [0x3fc0_0000] }), 'f32.const 1.5');
    assert.equal(printInstr({ op: 'f64.const', imm: [-0] }), 'f64.const -0');
    assert.equal(printInstr({ op: 'br_table', imm: [{ labels: [0, 1], defaultLabel: 2 }] }), 'br_table 0 1 2');
    assert.equal(
      printInstr({ op: 'br_on_cast_fail', imm: [{ label: 0, from: ANYREF, to: { kind: 'ref', nullable: false, heap: 5 } }] }),
      'br_on_cast_fail 0 anyref (ref $5)',
    );
    assert.equal(printInstr({ op: 'memory.grow', imm: [0] }), 'memory.grow');
    assert.equal(printInstr({ op: 'array.new_fixed', imm: [3, 10] }), 'array.new_fixed $3 10');
    assert.equal(printInstr({ op: 'no.such_op', imm: [1n] }), 'no.such_op ;; unknown instruction ["1"]');
  });

  it('prints every decodable spec module with balanced parentheses', () => {
    for (const b of decodableSpecBinaries()) {
      const wat = printModule(decodeModule(b.bytes));
      assert.ok(wat.startsWith('(module') && balanced(wat), b.file);
    }
  });

  it('never throws on whatever the decoder accepts (500 mutated inputs)', () => {
    fc.assert(
      fc.property(mutatedBytesArb(SPEC.map((b) => b.bytes)), (bytes) => {
        let m: Module;
        try {
          m = decodeModule(bytes);
        } catch {
          return;
        }
        assert.ok(balanced(printModule(m)));
      }),
      { seed: 7, numRuns: 500 },
    );
  });
});
