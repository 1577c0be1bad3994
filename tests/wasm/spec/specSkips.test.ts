import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runSpecScript, TEXT_ONLY_SKIP } from '../../../src/wasm/spec/runSpecScript';

const HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
/** Two memories (memory section: 2 x limits min 1). */
const TWO_MEMORIES = [...HEADER, 0x05, 0x05, 0x02, 0x00, 0x01, 0x00, 0x01];
/** One 64-bit memory (limits flag 0x04). */
const MEMORY64 = [...HEADER, 0x05, 0x03, 0x01, 0x04, 0x01];
/** An empty tag section (exception handling: in scope, issue #14, so never skipped). */
const TAGS = [...HEADER, 0x0d, 0x01, 0x00];

function script(files: Record<string, number[]>, commands: object[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcfuzz-spec-'));
  for (const [name, bytes] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), new Uint8Array(bytes));
  const p = path.join(dir, 'skips.json');
  fs.writeFileSync(p, JSON.stringify({ source_filename: 'skips.wast', commands }));
  return p;
}

// Issue #12: a command is skipped only when its module uses a feature outside the project's scope
// (a second memory, 64-bit memory) or is text only, and the runner says which.
test('the spec runner names each skip: out-of-scope feature, or a text-only module', () => {
  const p = script({ 'two.wasm': TWO_MEMORIES, 'm64.wasm': MEMORY64, 'tag.wasm': TAGS }, [
    { type: 'module', line: 1, filename: 'two.wasm', name: '$two' },
    { type: 'assert_return', line: 2, action: { type: 'invoke', field: 'f', args: [] }, expected: [] },
    { type: 'assert_invalid', line: 3, filename: 'm64.wasm', text: 'type mismatch', module_type: 'binary' },
    { type: 'assert_malformed', line: 4, text: 'unknown operator', module_type: 'text' },
    { type: 'module', line: 5, filename: 'tag.wasm' },
  ]);
  const r = runSpecScript(p);
  assert.deepEqual(r.skips, { 'multi-memory': 2, memory64: 1, [TEXT_ONLY_SKIP]: 1 });
  assert.equal(r.skipped, 4);
  assert.equal(r.failed, 0, 'exception handling (issue #14) is in scope: the tag module instantiates, never a skip');
  assert.equal(r.passed, 1);
});
