import { test } from 'node:test';
import assert from 'node:assert/strict';
import { V8_FLAGS } from '../../../oracles/engines/v8Engine';
import { wasmJsApi as WA } from '../../../oracles/engines/wasmJsApi';

// (module (func (export "f") (param i32) (result i64)
//   local.get 0 ref.i31 i31.get_s i64.extend_i32_u))
const MODULE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x06, 0x01, 0x60, 0x01, 0x7f, 0x01, 0x7e,
  0x03, 0x02, 0x01, 0x00, 0x07, 0x05, 0x01, 0x01, 0x66, 0x00, 0x00,
  0x0a, 0x0b, 0x01, 0x09, 0x00, 0x20, 0x00, 0xfb, 0x1c, 0xfb, 0x1d, 0xad, 0x0b,
]);

test('once the V8 engine is loaded, V8 computes i64.extend_i32_u of i31.get_s as the spec does (Liftoff miscompiles it; the engine runs with --no-liftoff)', () => {
  assert.equal(V8_FLAGS, '--no-liftoff');
  const f = new WA.Instance(new WA.Module(MODULE), {}).exports['f'] as (x: number) => bigint;
  // ref.i31 keeps 31 bits (0x51316a48), i31.get_s sign-extends from bit 30 (0xd1316a48), and
  // extend_i32_u zero-extends that i32: 3509656776, never the sign-extended -785310520.
  for (let i = 0; i < 1000; i++) assert.equal(f(-785310520), 3509656776n);
});
