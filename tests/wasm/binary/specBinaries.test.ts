import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DecodeError } from '../../../src/errors/DecodeError';
import { decodeModule } from '../../../src/wasm/binary/decodeModule';
import { encodeModule } from '../../../src/wasm/binary/encodeModule';
import type { Module } from '../../../src/wasm/syntax/module';
import { baseName, decodableSpecBinaries, OUT_OF_SCOPE_MODULES, SPEC, WELL_FORMED_COMMANDS } from './specCorpus';

/**
 * `(module binary ...)` modules written with padded (non-minimal) LEB128 sizes on purpose; the
 * encoder writes minimal LEB128s, so for these only the decode-encode-decode round trip applies.
 */
const PADDED_LEB_MODULES: ReadonlySet<string> = new Set(['float_literals.1.wasm']);

function describeFile(b: { stem: string; line: number; file: string; command: string }): string {
  return `${b.stem}:${b.line} ${b.command} ${b.file}`;
}

describe('spec binaries', () => {
  const decodable = decodableSpecBinaries();

  it('finds the spec corpus', () => {
    assert.ok(SPEC.length > 1000, `only ${SPEC.length} binaries found`);
    assert.ok(decodable.length > 1000);
  });

  it('decodes every module, module_definition, assert_invalid, assert_unlinkable and assert_uninstantiable binary', () => {
    const failures: string[] = [];
    for (const b of decodable) {
      try {
        decodeModule(b.bytes);
      } catch (e) {
        failures.push(`${describeFile(b)}: ${String(e)}`);
      }
    }
    assert.deepEqual(failures, []);
  });

  it('rejects the out-of-scope modules with a DecodeError naming the feature', () => {
    for (const b of SPEC.filter((b) => OUT_OF_SCOPE_MODULES.has(baseName(b)))) {
      assert.ok(WELL_FORMED_COMMANDS.has(b.command));
      assert.throws(
        () => decodeModule(b.bytes),
        (e: unknown) => e instanceof DecodeError && e.reason === OUT_OF_SCOPE_MODULES.get(baseName(b)),
        describeFile(b),
      );
    }
  });

  it('rejects every binary assert_malformed module with a DecodeError carrying the expected text', () => {
    const malformed = SPEC.filter((b) => b.command === 'assert_malformed');
    assert.ok(malformed.length > 0);
    for (const b of malformed) {
      assert.throws(
        () => decodeModule(b.bytes),
        (e: unknown) => e instanceof DecodeError && e.reason.startsWith(b.text ?? ''),
        describeFile(b),
      );
    }
  });

  it('re-encodes every decodable binary byte for byte', () => {
    const failures: string[] = [];
    for (const b of decodable.filter((x) => !PADDED_LEB_MODULES.has(baseName(x)))) {
      const out = encodeModule(decodeModule(b.bytes));
      if (Buffer.compare(Buffer.from(out), Buffer.from(b.bytes)) !== 0) failures.push(describeFile(b));
    }
    assert.deepEqual(failures, []);
  });

  it('round-trips decode -> encode -> decode to an equal module', () => {
    for (const b of decodable) {
      const m = decodeModule(b.bytes);
      assert.deepEqual(decodeModule(encodeModule(m)), m, describeFile(b));
    }
  });

  it('round-trips through the canonical layout too (a structured clone carries no layout hints)', () => {
    let differ = 0;
    for (const b of decodable) {
      const m: Module = structuredClone(decodeModule(b.bytes));
      const bytes = encodeModule(m);
      if (bytes.length !== b.bytes.length) differ++;
      assert.deepEqual(decodeModule(bytes), m, describeFile(b));
    }
    // The corpus does use non-canonical layouts (explicit rec groups, general element forms), so the
    // canonical path must have been exercised with a different layout at least once.
    assert.ok(differ > 0);
  });
});
