/**
 * Spec conformance of the validator: for every script under the spec folder (wast2json form, see
 * its README), in command order with ONE GcTypeRegistry per script (so canonical ids are shared
 * across the script's modules, as type-equivalence / type-rec / type-canon need):
 * - every binary of `module`, `module_definition`, `assert_unlinkable`, `assert_uninstantiable`
 *   decodes and validates;
 * - every `assert_invalid` binary decodes and then fails validation with a ValidationError whose
 *   reason matches the script's expected text loosely (one is a prefix of the other).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { GcTypeRegistry } from '../../../src/runtime/gcTypes';
import { ValidationError } from '../../../src/errors/ValidationError';
import { decodeModule } from '../../../src/wasm/binary/decodeModule';
import { specRoot } from '../../../src/wasm/spec/specRoot';
import { validateModule } from '../../../src/wasm/validation/validateModule';

interface Command {
  readonly type: string;
  readonly line: number;
  readonly filename?: string;
  readonly text?: string;
}

const VALID_KINDS = new Set(['module', 'module_definition', 'assert_unlinkable', 'assert_uninstantiable']);

/** Loose reason comparison, as a spec runner does: one message is a prefix of the other. */
function reasonMatches(actual: string, expected: string): boolean {
  return actual.startsWith(expected) || expected.startsWith(actual);
}

const root = specRoot();
const scripts = fs.existsSync(root)
  ? fs
      .readdirSync(root, { withFileTypes: true })
      .filter((d) => d.isDirectory() && fs.existsSync(path.join(root, d.name, `${d.name}.json`)))
      .map((d) => d.name)
      .sort()
  : [];

const totals = { valid: 0, validOk: 0, invalid: 0, invalidRejected: 0, reasonMismatch: 0, outOfScope: 0 };

test('spec folder is present', () => {
  assert.ok(scripts.length > 0, `no spec scripts under ${root}`);
});

for (const stem of scripts) {
  test(`spec ${stem}`, () => {
    const dir = path.join(root, stem);
    const script = JSON.parse(fs.readFileSync(path.join(dir, `${stem}.json`), 'utf8')) as { commands: Command[] };
    const registry = new GcTypeRegistry();
    const failures: string[] = [];
    for (const c of script.commands) {
      if (c.filename === undefined) continue;
      const isValid = VALID_KINDS.has(c.type);
      const isInvalid = c.type === 'assert_invalid';
      if (!isValid && !isInvalid) continue;
      const bytes = new Uint8Array(fs.readFileSync(path.join(dir, c.filename)));
      const at = `${c.filename} (line ${c.line})`;
      if (isValid) totals.valid++;
      else totals.invalid++;
      let m;
      try {
        m = decodeModule(bytes);
      } catch (e) {
        const msg = e instanceof Error ? e.message : String(e);
        // Binaries using features outside gcfuzz's scope (e.g. exnref in ref_null.wast) are the
        // decoder's to reject ("<feature> is not supported"); they are counted, not validated.
        if (/is not supported/.test(msg)) {
          totals.outOfScope++;
          if (isValid) totals.valid--;
          else totals.invalid--;
        } else failures.push(`${at}: decode failed: ${msg}`);
        continue;
      }
      try {
        validateModule(m, registry);
        if (isValid) totals.validOk++;
        else failures.push(`${at}: expected invalid ("${c.text}") but validated`);
      } catch (e) {
        if (!(e instanceof ValidationError)) {
          failures.push(`${at}: threw a non-ValidationError: ${String(e)}`);
        } else if (isValid) {
          failures.push(`${at}: valid module rejected: ${e.message}`);
        } else {
          totals.invalidRejected++;
          if (!reasonMatches(e.reason, c.text ?? '')) {
            totals.reasonMismatch++;
            failures.push(`${at}: reason "${e.reason}" does not match "${c.text}" (${e.where})`);
          }
        }
      }
    }
    assert.deepEqual(failures, []);
  });
}

test('spec totals', () => {
  // Printed for the record (the per-script tests above carry the assertions).
  console.log(
    `spec validation: ${totals.validOk}/${totals.valid} modules accepted, ` +
      `${totals.invalidRejected}/${totals.invalid} assert_invalid rejected (${totals.reasonMismatch} with a different reason); ` +
      `${totals.outOfScope} binaries skipped as out of scope for the decoder`,
  );
});
