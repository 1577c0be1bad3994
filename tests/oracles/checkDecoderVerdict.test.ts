import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { checkDecoderVerdict, type DecoderPipeline } from '../../oracles/checkDecoderVerdict';
import { OracleFailure } from '../../oracles/OracleFailure';
import { ValidationError } from '../../src/errors/ValidationError';
import { decodeModule } from '../../src/wasm/binary/decodeModule';

const ROOT = resolve(__dirname, '../../..');
const HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
const TYPE_FUNC_RESULT_I32 = [0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f];
const ONE_FUNC = [0x03, 0x02, 0x01, 0x00];
/** `(func (result i32) i32.const 0)`: valid. */
const VALID = Uint8Array.from([...HEADER, ...TYPE_FUNC_RESULT_I32, ...ONE_FUNC, 0x0a, 0x06, 0x01, 0x04, 0x00, 0x41, 0x00, 0x0b]);
/** `(func (result i32))` with an empty body: well-formed, invalid (type mismatch). */
const INVALID = Uint8Array.from([...HEADER, ...TYPE_FUNC_RESULT_I32, ...ONE_FUNC, 0x0a, 0x04, 0x01, 0x02, 0x00, 0x0b]);

function failsWith(oracle: string, detail: string, f: () => unknown): void {
  assert.throws(f, (e: unknown) => e instanceof OracleFailure && e.oracle === oracle && e.detail === detail);
}

test('the decoder oracles hold on the decoder seeds, on garbage and on the small modules', () => {
  assert.equal(checkDecoderVerdict(VALID).accepted, true);
  assert.equal(checkDecoderVerdict(INVALID).accepted, false);
  assert.equal(checkDecoderVerdict(Uint8Array.from([1, 2, 3])).accepted, false);
  const dir = join(ROOT, 'corpus/decoder');
  const accepted = readdirSync(dir).filter((f) => checkDecoderVerdict(readFileSync(join(dir, f))).accepted);
  assert.ok(accepted.length >= 10, `seeds accepted: ${accepted.join(', ')}`);
});

test('a validator that skips validation is caught by validity-vs-V8', () => {
  const lax: DecoderPipeline = { decode: decodeModule, validate: () => undefined };
  failsWith('differential', 'validity vs V8', () => checkDecoderVerdict(INVALID, lax));
});

test('a validator that rejects a valid module is caught by validity-vs-V8', () => {
  const strict: DecoderPipeline = {
    decode: decodeModule,
    validate: () => {
      throw new ValidationError('type mismatch');
    },
  };
  failsWith('differential', 'validity vs V8', () => checkDecoderVerdict(VALID, strict));
});

test('an untyped exception from the decoder is a crash', () => {
  const throwing: DecoderPipeline = {
    decode: () => {
      throw new TypeError('cannot read properties of undefined');
    },
    validate: () => undefined,
  };
  failsWith('crash', '', () => checkDecoderVerdict(VALID, throwing));
});

test('a decoder that does not decode its own encoding back to the same module fails the round trip', () => {
  let calls = 0;
  const drifting: DecoderPipeline = {
    decode: (bytes) => {
      const m = decodeModule(bytes);
      return ++calls === 1 ? m : { ...m, exports: [...m.exports, { name: 'extra', kind: 'func', index: 0 }] };
    },
    validate: () => undefined,
  };
  failsWith('differential', 'encode round trip', () => checkDecoderVerdict(VALID, drifting));
});
