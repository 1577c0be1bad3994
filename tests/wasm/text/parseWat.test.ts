import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { wasmCaseBytesForSeed } from '../../../src/gen/wasm/wasmCaseArbitrary';
import { wasmCaseFromBytes } from '../../../src/gen/wasm/wasmCaseFromBytes';
import { DecodeError } from '../../../src/errors/DecodeError';
import { encodeModule } from '../../../src/wasm/binary/encodeModule';
import { loadWatParser, moduleFromWat, parseWat, watParserReady } from '../../../src/wasm/text/parseWat';
import { printModule } from '../../../src/wasm/text/printModule';

before(async () => {
  await loadWatParser();
  assert.ok(watParserReady(), 'the WAT parser package loads');
});

test('the printed WAT of 400 generated modules parses back to the same binary (rec groups and type indices exactly)', () => {
  let withData = 0;
  for (let run = 0; run < 400; run++) {
    const m = wasmCaseFromBytes(wasmCaseBytesForSeed(11, run)).module;
    const back = moduleFromWat(printModule(m));
    assert.deepEqual(back.types, m.types, `run ${run}: types`);
    // The text format has no data-count field (the printer shows it as a comment); everything else is in the text.
    if (m.dataCount !== undefined) withData++;
    const same = { ...back, ...(m.dataCount !== undefined ? { dataCount: m.dataCount } : {}) };
    assert.deepEqual(Buffer.from(encodeModule(same)), Buffer.from(encodeModule(m)), `run ${run}: binary differs`);
  }
  assert.ok(withData > 0, 'some modules carry a data count section');
});

test('a WAT syntax error is a DecodeError naming line and column', () => {
  assert.throws(() => parseWat('(module\n  (func (result i32) i32.cnst 1))'), (e: unknown) => e instanceof DecodeError && /line 2, column \d+/.test(e.message));
});
