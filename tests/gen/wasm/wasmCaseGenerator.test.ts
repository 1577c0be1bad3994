import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { wasmCaseFromBytes } from '../../../src/gen/wasm/wasmCaseFromBytes';
import { wasmCaseArbitrary, wasmCaseBytesForSeed } from '../../../src/gen/wasm/wasmCaseArbitrary';
import { wasmCaseFromJson, wasmCaseToJson } from '../../../src/cases/wasmCaseJson';
import { encodeModule } from '../../../src/wasm/binary/encodeModule';
import { validateModule } from '../../../src/wasm/validation/validateModule';
import { GcTypeRegistry } from '../../../src/runtime/gcTypes';
import { OPCODES } from '../../../src/wasm/opcodeTable';
import type { WasmCase } from '../../../src/cases/wasmCase';
import type { Instr } from '../../../src/wasm/syntax/instructions';

/** Node's WebAssembly.validate, typed locally (the project's lib has no DOM types). */
const wasmValidate = (Reflect.get(globalThis, 'WebAssembly') as { validate(b: Uint8Array): boolean }).validate;

/**
 * The in-scope GC opcodes that must all be producible (issue #5): every 0xFB entry of the opcode
 * table plus the reference and control instructions that typed references and GC added.
 */
const GC_SCOPE: readonly string[] = [
  ...OPCODES.filter((e) => e.group === 'gc').map((e) => e.name),
  'ref.eq', 'ref.as_non_null', 'br_on_null', 'br_on_non_null', 'call_ref', 'ref.null', 'ref.is_null', 'ref.func',
];

function instrsOf(c: WasmCase): Instr[] {
  const out: Instr[] = [];
  for (const f of c.module.funcs) out.push(...f.body);
  for (const g of c.module.globals) out.push(...g.init);
  for (const e of c.module.elems) for (const x of e.init) out.push(...x);
  return out;
}

const VALIDITY_RUNS = 1000;

describe('Wasm case generator', () => {
  test('same seed and run give the same case; different runs differ', () => {
    const a = wasmCaseToJson(wasmCaseFromBytes(wasmCaseBytesForSeed(7, 3)));
    const b = wasmCaseToJson(wasmCaseFromBytes(wasmCaseBytesForSeed(7, 3)));
    const c = wasmCaseToJson(wasmCaseFromBytes(wasmCaseBytesForSeed(7, 4)));
    assert.equal(a, b);
    assert.notEqual(a, c);
    assert.deepEqual(Buffer.from(encodeModule(wasmCaseFromBytes(wasmCaseBytesForSeed(7, 3)).module)), Buffer.from(encodeModule(wasmCaseFromBytes(wasmCaseBytesForSeed(7, 3)).module)));
  });

  test('the fast-check arbitrary is deterministic under a seed', () => {
    const s1 = fc.sample(wasmCaseArbitrary(), { seed: 42, numRuns: 3 }).map((c) => wasmCaseToJson(c));
    const s2 = fc.sample(wasmCaseArbitrary(), { seed: 42, numRuns: 3 }).map((c) => wasmCaseToJson(c));
    assert.deepEqual(s1, s2);
  });

  test('cases survive the JSON codec', () => {
    const c = wasmCaseFromBytes(wasmCaseBytesForSeed(1, 11));
    assert.deepEqual(wasmCaseFromJson(wasmCaseToJson(c)), c);
  });

  test(`${VALIDITY_RUNS} seeded cases validate in the project validator and in V8`, () => {
    let ours = 0;
    let v8 = 0;
    for (let run = 0; run < VALIDITY_RUNS; run++) {
      const c = wasmCaseFromBytes(wasmCaseBytesForSeed(1, run));
      validateModule(c.module, new GcTypeRegistry());
      ours++;
      const bytes = encodeModule(c.module);
      assert.ok(wasmValidate(bytes), `V8 rejects run ${run}`);
      v8++;
    }
    assert.equal(ours, VALIDITY_RUNS);
    assert.equal(v8, VALIDITY_RUNS);
  });

  test('any bytes become a valid case (short, empty, random, all-ones)', () => {
    const inputs: Uint8Array[] = [new Uint8Array(0), new Uint8Array([1, 2, 3]), new Uint8Array(64).fill(0xff), new Uint8Array(4096).fill(0x80)];
    fc.assert(fc.property(fc.uint8Array({ maxLength: 3000, size: 'max' }), (b) => {
      inputs.push(b);
      return true;
    }), { seed: 5, numRuns: 200 });
    for (const b of inputs) {
      const c = wasmCaseFromBytes(b);
      validateModule(c.module, new GcTypeRegistry());
      assert.ok(wasmValidate(encodeModule(c.module)));
    }
  });

  test('every in-scope GC opcode appears in generated programs', () => {
    const seen = new Set<string>();
    const scope = new Set(GC_SCOPE);
    for (let run = 0; run < 600 && seen.size < scope.size; run++) {
      for (const i of instrsOf(wasmCaseFromBytes(wasmCaseBytesForSeed(2, run)))) if (scope.has(i.op)) seen.add(i.op);
    }
    const missing = GC_SCOPE.filter((op) => !seen.has(op));
    assert.deepEqual(missing, []);
  });

  test('every numeric opcode of the table is generated (derived from `sig`)', () => {
    const seen = new Set<string>();
    for (let run = 0; run < 1500; run++) for (const i of instrsOf(wasmCaseFromBytes(wasmCaseBytesForSeed(3, run)))) seen.add(i.op);
    const numeric = OPCODES.filter((e) => e.group === 'numeric').map((e) => e.name);
    assert.deepEqual(numeric.filter((op) => !seen.has(op)), []);
  });

  test('programs stress the GC: allocations in loops, ref stores, host GC calls, multiple functions', () => {
    let loopsWithAlloc = 0;
    let refStores = 0;
    let gcCalls = 0;
    let multiFunc = 0;
    for (let run = 0; run < 200; run++) {
      const c = wasmCaseFromBytes(wasmCaseBytesForSeed(4, run));
      if (c.module.funcs.length > 1) multiFunc++;
      const gcIdx = c.module.imports.findIndex((im) => im.name === 'gc' || im.name === 'gc_step');
      for (const f of c.module.funcs) {
        let inLoop = 0;
        for (const i of f.body) {
          if (i.op === 'loop') inLoop++;
          if (i.op === 'end' && inLoop > 0) inLoop--;
          if (inLoop > 0 && /^(struct|array)\.new/.test(i.op)) loopsWithAlloc++;
          if (i.op === 'struct.set' || i.op === 'array.set') refStores++;
          if (i.op === 'call' && gcIdx >= 0 && i.imm[0] === gcIdx) gcCalls++;
        }
      }
    }
    assert.ok(loopsWithAlloc > 100, `allocations inside loops: ${loopsWithAlloc}`);
    assert.ok(refStores > 200, `field/element stores: ${refStores}`);
    assert.ok(gcCalls > 50, `host gc calls: ${gcCalls}`);
    assert.ok(multiFunc > 150, `multi-function modules: ${multiFunc}`);
  });
});
