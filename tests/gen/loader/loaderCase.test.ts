import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loaderCaseFromBytes, loaderCaseFromJson } from '../../../src/gen/loader/loaderCase';
import { loaderTarget } from '../../../src/harness/targets/loaderTarget';
import { UsageError } from '../../../src/errors/UsageError';

test('no bytes are the simplest case: the built-in null, a valid default export, no junk', () => {
  const c = loaderCaseFromBytes(new Uint8Array(0));
  assert.equal(c.form, 'builtin');
  assert.equal(c.builtin, 'null');
  assert.equal(c.prefix + c.suffix, '');
  assert.deepEqual(c.module, { throws: false, exportAs: 'default', value: 'object', name: 'ok', reclaims: 'all', moving: 'false', newGcHeap: 'function', increments: 'true', ownZeal: false });
  assert.equal(loaderTarget.size(c), 0);
});

test('every case round-trips through JSON, and a wrong or unknown field is a UsageError naming it', () => {
  for (let i = 0; i < 200; i++) {
    const bytes = Uint8Array.from({ length: 24 }, (_, j) => (i * 37 + j * 101 + ((i * j) >> 2)) & 255);
    const c = loaderCaseFromBytes(bytes);
    assert.deepEqual(loaderTarget.deserialise(JSON.parse(JSON.stringify(loaderTarget.serialise(c)))), c);
  }
  const c = loaderCaseFromBytes(Uint8Array.of(9, 9, 9));
  assert.equal(loaderCaseFromJson({ ...c, period: '1e3' }), 'period');
  assert.equal(loaderCaseFromJson({ ...c, module: { ...c.module, moving: 'maybe' } }), 'module.moving');
  assert.equal(loaderCaseFromJson({ ...c, extra: 1 }), 'extra');
  assert.equal(loaderCaseFromJson({ ...c, module: { ...c.module, extra: 1 } }), 'module.extra');
  assert.equal(loaderCaseFromJson([]), 'case');
  assert.throws(() => loaderTarget.deserialise({ ...c, form: 'other' }), (e: unknown) => e instanceof UsageError && /'form'/.test(e.message));
});
