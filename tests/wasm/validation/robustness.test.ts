/**
 * The validator's promise for fuzzer input: any decoded (or hand-built) module either validates or
 * throws a ValidationError — never another exception. Checked on seeded byte-level and AST-level
 * mutants of the spec modules and on malformed ASTs. AST mutants are also compared with V8's
 * verdict (`WebAssembly.validate`), which has GC on Node 22; skipped where V8 lacks Wasm GC.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { GcTypeRegistry } from '../../../src/runtime/gcTypes';
import { ValidationError } from '../../../src/errors/ValidationError';
import { decodeModule } from '../../../src/wasm/binary/decodeModule';
import { encodeModule } from '../../../src/wasm/binary/encodeModule';
import { specRoot } from '../../../src/wasm/spec/specRoot';
import type { Instr } from '../../../src/wasm/syntax/instructions';
import type { Module } from '../../../src/wasm/syntax/module';
import { validateModule } from '../../../src/wasm/validation/validateModule';
import { AstMutator, Rng } from './astMutator';
import { func, funcT, module, single } from './moduleBuilder';

interface Loaded {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly module: Module;
}

function loadSpecModules(): Loaded[] {
  const root = specRoot();
  if (!fs.existsSync(root)) return [];
  const out: Loaded[] = [];
  for (const d of fs.readdirSync(root).sort()) {
    const json = path.join(root, d, `${d}.json`);
    if (!fs.existsSync(json)) continue;
    const script = JSON.parse(fs.readFileSync(json, 'utf8')) as { commands: { type: string; filename?: string }[] };
    for (const c of script.commands) {
      if (c.filename === undefined || (c.type !== 'module' && c.type !== 'assert_invalid')) continue;
      const bytes = new Uint8Array(fs.readFileSync(path.join(root, d, c.filename)));
      try {
        out.push({ name: c.filename, bytes, module: decodeModule(bytes) });
      } catch {
        // out-of-scope features: not this test's concern
      }
    }
  }
  return out;
}

/**
 * 'ok', or the ValidationError's reason; any other exception fails the test. `wellFormed`: the AST
 * has the shapes the decoder produces, so validateModule's last-resort "malformed module" (an
 * internal exception turned into a ValidationError) would be a validator bug.
 */
function verdict(m: Module, what: string, wellFormed = true): 'ok' | string {
  try {
    validateModule(m, new GcTypeRegistry());
    return 'ok';
  } catch (e) {
    if (e instanceof ValidationError) {
      if (wellFormed && e.reason === 'malformed module') assert.fail(`${what}: internal error surfaced as "malformed module": ${e.where}`);
      return e.reason;
    }
    assert.fail(`${what}: validateModule threw a non-ValidationError: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  }
}

const specModules = loadSpecModules();

/** The engine's WebAssembly API (not in the es2023 lib this project compiles against). */
const wasmApi = (globalThis as unknown as { WebAssembly?: { validate(bytes: Uint8Array): boolean } }).WebAssembly;

function v8HasGc(): boolean {
  // (module (type (struct)))
  const bytes = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x03, 0x01, 0x5f, 0x00]);
  try {
    return wasmApi !== undefined && wasmApi.validate(bytes);
  } catch {
    return false;
  }
}

test('byte-level mutants of spec binaries: validate or ValidationError, nothing else', () => {
  assert.ok(specModules.length > 0);
  const rng = new Rng(20240601);
  let decoded = 0;
  for (let it = 0; it < 4000; it++) {
    const src = rng.pick(specModules);
    const b = src.bytes.slice();
    const k = 1 + rng.int(3);
    for (let j = 0; j < k; j++) {
      const pos = 8 + rng.int(Math.max(1, b.length - 8));
      if (pos >= b.length) continue;
      b[pos] = rng.next() < 0.5 ? rng.int(256) : b[pos]! ^ (1 << rng.int(8));
    }
    let m: Module;
    try {
      m = decodeModule(b);
    } catch {
      continue;
    }
    decoded++;
    verdict(m, `${src.name} byte mutant ${it}`);
  }
  assert.ok(decoded > 500, `only ${decoded} mutants decoded`);
});

test('AST-level mutants: ValidationError only, and the same verdict as V8', (t) => {
  const pool: Instr[] = [];
  for (const s of specModules) for (const f of s.module.funcs) for (const i of f.body) pool.push(i);
  const rng = new Rng(7);
  const mut = new AstMutator(rng, pool);
  const compare = v8HasGc();
  if (!compare) t.diagnostic('V8 without Wasm GC: verdicts not compared');
  let valid = 0;
  const disagreements: string[] = [];
  const N = 3000;
  for (let it = 0; it < N; it++) {
    const src = rng.pick(specModules);
    let m = mut.mutate(src.module);
    for (let extra = rng.int(3); extra > 0; extra--) m = mut.mutate(m);
    const ours = verdict(m, `${src.name} AST mutant ${it}`);
    if (ours === 'ok') valid++;
    if (!compare) continue;
    let bytes: Uint8Array;
    try {
      bytes = encodeModule(m);
      decodeModule(bytes);
    } catch {
      continue; // not representable in the binary format
    }
    const v8 = wasmApi!.validate(bytes);
    if (v8 !== (ours === 'ok')) disagreements.push(`${src.name} mutant ${it}: ours ${ours}, V8 ${v8 ? 'valid' : 'invalid'}`);
  }
  t.diagnostic(`${valid} of ${N} AST mutants valid`);
  assert.ok(valid > N / 20 && valid < N - N / 20, `mutants should mix valid and invalid, got ${valid} valid`);
  assert.deepEqual(disagreements, []);
});

test('malformed ASTs (wrong immediate shapes, bogus types) are ValidationErrors', () => {
  const bad: unknown[] = [null, undefined, 'x', -1, 1.5, 2 ** 40, {}, [], { kind: 'ref' }, { kind: 'ref', heap: 'nope' }, { kind: 'value' }, { kind: 'index', index: -3 }, { labels: 5 }, { from: 1, to: 2 }];
  const ops = ['block', 'if', 'br', 'br_table', 'local.get', 'call', 'ref.null', 'ref.test', 'br_on_cast', 'select t', 'struct.get', 'i32.load', 'array.new_fixed', 'table.init', 'memory.init'];
  for (const op of ops) {
    for (const v of bad) {
      const body = [{ op, imm: [v, v] } as unknown as Instr];
      const m = module({ types: [single(funcT([], []))], funcs: [func(0, body)] });
      verdict(m, `${op} with ${JSON.stringify(v)}`, false);
    }
  }
  const weird = [
    { ...module({}), types: [{ subtypes: [{ final: true, supertypes: [], composite: { kind: 'bogus' } }] }] },
    { ...module({}), types: [{ subtypes: [{ final: true, supertypes: ['0'], composite: { kind: 'struct', fields: [] } }] }] },
    { ...module({}), tables: [{ type: { limits: { min: -1 }, element: { kind: 'ref', nullable: true, heap: 'func' } } }] },
    { ...module({}), globals: [{ type: { type: 'v128', mutable: false }, init: [] }] },
    { ...module({}), globals: [{ type: { type: 'i32', mutable: false }, init: 'nope' }] },
    { ...module({}), funcs: [{ typeIndex: 0, locals: [], body: [null] }], types: [single(funcT([], []))] },
    { ...module({}), exports: [{ name: 'x', kind: 'tag', index: 0 }] },
    { ...module({}), elems: [{ type: { kind: 'ref', nullable: true, heap: 'func' }, init: [], mode: { kind: 'active', table: 'x', offset: [] } }] },
  ];
  for (const w of weird) verdict(w as unknown as Module, JSON.stringify(w), false);
});
