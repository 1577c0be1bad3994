/**
 * The validator derives from the one opcode table: every entry has a typing rule, every entry with
 * a `sig` is typed by exactly that signature, and the `constant` flag decides what constant
 * expressions may contain.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GcTypeRegistry } from '../../../src/runtime/gcTypes';
import { ValidationError } from '../../../src/errors/ValidationError';
import { OPCODES, type OpcodeEntry } from '../../../src/wasm/opcodeTable';
import type { ImmKind, ImmValue, Instr } from '../../../src/wasm/syntax/instructions';
import type { Module } from '../../../src/wasm/syntax/module';
import type { NumType, ValType } from '../../../src/wasm/syntax/types';
import { opInfo } from '../../../src/wasm/validation/opInfo';
import { validateModule } from '../../../src/wasm/validation/validateModule';
import { funcT, ins, module, oneFunc, single } from './moduleBuilder';

function defaultImm(k: ImmKind): ImmValue {
  switch (k) {
    case 'idx':
    case 'i32':
    case 'f32':
    case 'f64':
    case 'zero':
      return 0;
    case 'i64':
      return 0n;
    case 'memarg':
      return { align: 0, offset: 0 };
    default:
      throw new Error(`no default immediate for ${k}`);
  }
}

const CONST: Readonly<Record<NumType, Instr>> = {
  i32: ins('i32.const', 0),
  i64: ins('i64.const', 0n),
  f32: ins('f32.const', 0),
  f64: ins('f64.const', 0),
};

/** Memory, a passive data segment and a data count section: what memory and data instructions need. */
const parts: Partial<Module> = { mems: [{ limits: { min: 1 } }], datas: [{ init: new Uint8Array(1), mode: { kind: 'passive' } }], dataCount: 1 };

function sigFunc(e: OpcodeEntry, params: readonly ValType[], results: readonly ValType[]): Module {
  const body = params.map((_, i) => ins('local.get', i));
  body.push({ op: e.name, imm: e.imm.map(defaultImm) });
  return oneFunc([...params], [...results], body, { parts });
}

function rejects(m: Module, reason: string): boolean {
  try {
    validateModule(m, new GcTypeRegistry());
    return false;
  } catch (e) {
    return e instanceof ValidationError && e.reason.startsWith(reason);
  }
}

const other = (t: NumType): NumType => (t === 'i32' ? 'i64' : 'i32');

test('every opcode-table entry has a typing rule in the validator', () => {
  const missing = OPCODES.filter((e) => opInfo(e.name) === undefined).map((e) => e.name);
  assert.deepEqual(missing, []);
});

test('every entry with a sig is typed by exactly that sig', () => {
  const withSig = OPCODES.filter((e) => e.sig !== undefined);
  assert.ok(withSig.length > 100);
  for (const e of withSig) {
    const [params, results] = e.sig!;
    validateModule(sigFunc(e, params, results), new GcTypeRegistry());
    for (let i = 0; i < params.length; i++) {
      const wrong = params.map((t, k) => (k === i ? other(t) : t));
      assert.ok(rejects(sigFunc(e, wrong, results), 'type mismatch'), `${e.name}: parameter ${i} must be ${params[i]}`);
    }
    assert.ok(rejects(sigFunc(e, params, [...results, 'f64']), 'type mismatch'), `${e.name}: results must be exactly [${results.join(' ')}]`);
    if (results.length > 0) {
      const wrong = results.map((t, k) => (k === 0 ? other(t) : t));
      assert.ok(rejects(sigFunc(e, params, wrong), 'type mismatch'), `${e.name}: result 0 must be ${results[0]}`);
    }
  }
});

test('the constant flag decides constant expressions (sig-typed entries)', () => {
  for (const e of OPCODES) {
    if (e.sig === undefined || e.sig[1].length !== 1) continue;
    const [params, [result]] = e.sig as [readonly NumType[], readonly NumType[]];
    const init: Instr[] = params.map((t) => CONST[t]);
    init.push({ op: e.name, imm: e.imm.map(defaultImm) });
    const m = module({ ...parts, types: [single(funcT([], []))], globals: [{ type: { type: result!, mutable: false }, init }] });
    if (e.constant === true) validateModule(m, new GcTypeRegistry());
    else assert.ok(rejects(m, 'constant expression required'), `${e.name} is not constant`);
  }
});
