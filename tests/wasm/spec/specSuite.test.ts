import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { builtinCollectors, type BuiltinCollectorName } from '../../../src/runtime/collectors/builtinCollectors';
import { runSpecScript, TEXT_ONLY_SKIP, type SpecScriptResult } from '../../../src/wasm/spec/runSpecScript';
import { findSpecScripts } from '../../../src/wasm/spec/specCli';
import { specRoot } from '../../../src/wasm/spec/specRoot';
import type { SpecScript } from '../../../src/wasm/spec/specScript';

/**
 * The whole spec-test folder on the interpreter, once per built-in collector: no command may
 * fail, and the only skipped commands are the text-format `assert_malformed` ones (no binary).
 * Exception handling (tag, throw, throw_ref, try_table; issue #14) runs too: under zeal every
 * `throw` allocates into a collection.
 */
const root = specRoot();
const KNOWN_GAPS: ReadonlySet<string> = new Set();
const allScripts = fs.existsSync(root) ? findSpecScripts(root) : [];
const scripts = allScripts.filter((f) => !KNOWN_GAPS.has(path.basename(f)));

function textOnlyCount(): number {
  let n = 0;
  for (const f of allScripts) {
    const s = JSON.parse(fs.readFileSync(f, 'utf8')) as SpecScript;
    for (const c of s.commands) if (c.type === 'assert_malformed' && c.module_type === 'text') n++;
  }
  return n;
}

function summary(results: readonly SpecScriptResult[]): string {
  return results
    .filter((r) => r.failed > 0)
    .flatMap((r) => r.failures.slice(0, 5).map((f) => `${r.file}:${f.line} ${f.command}: ${f.message}`))
    .join('\n');
}

for (const collector of ['drc', 'copying', 'null'] as BuiltinCollectorName[]) {
  test(`spec suite passes on the ${collector} collector`, { skip: scripts.length === 0 ? `no spec folder at ${root}` : false }, () => {
    const results = scripts.map((f) => runSpecScript(f, { collector: builtinCollectors[collector] }));
    const failed = results.reduce((n, r) => n + r.failed, 0);
    const skipped = results.reduce((n, r) => n + r.skipped, 0);
    const passed = results.reduce((n, r) => n + r.passed, 0);
    assert.equal(failed, 0, summary(results));
    assert.equal(skipped, textOnlyCount());
    assert.deepEqual([...new Set(results.flatMap((r) => Object.keys(r.skips)))], [TEXT_ONLY_SKIP]);
    assert.ok(passed > 4000, `passed ${passed}`);
  });
}

test('spec suite under zeal (collect at every allocation, poison, integrity checks) on the copying collector', { skip: scripts.length === 0 }, () => {
  const results = scripts.map((f) => runSpecScript(f, { collector: builtinCollectors.copying, zeal: 1 }));
  assert.equal(results.reduce((n, r) => n + r.failed, 0), 0, summary(results));
});
