import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Store } from '../../src/runtime/store';
import { builtinCollectors } from '../../src/runtime/collectors/builtinCollectors';
import { GcTypeRegistry } from '../../src/runtime/gcTypes';
import { OutOfMemoryError } from '../../src/errors/OutOfMemoryError';
import { checkTooLargeReason } from '../../oracles/checkTooLargeReason';
import { tooLargeMisnamingNull } from '../brokenCollectors/tooLargeMisnamingNull';
import type { GcRuntime } from '../../src/runtime/gcHeap';
import { failureOf } from './failureOf';
import { assertCaughtThroughCli } from '../brokenCollectors/fuzzCli';

/** The store's refusal of an i8 array of `length` on `collector` (max heap 64 KiB), judged by the oracle. */
function refuse(collector: GcRuntime, length: number): void {
  const types = new GcTypeRegistry();
  const t = types.register({ kind: 'array', element: { storage: 'i8', mutable: true } });
  const store = new Store({ collector, initialHeapBytes: 4096, maxHeapBytes: 1 << 16, types });
  let message = '';
  try {
    store.allocArray(t, length);
  } catch (e) {
    assert.ok(e instanceof OutOfMemoryError);
    message = e.message;
  }
  checkTooLargeReason(store.heap, types, t, length, message, 3);
}

test('out-of-memory reason: each built-in collector names an over-limit array too large, and a merely oversized one not', () => {
  // i8: the null heap's object is 12 + length bytes; its block of 2^26 (length 2^26 - 13) is over its 26 size bits.
  refuse(builtinCollectors.null, 2 ** 26 - 13);
  refuse(builtinCollectors.null, 2 ** 26 - 21);
  for (const name of ['copying', 'drc', 'incremental'] as const) {
    refuse(builtinCollectors[name], 2 ** 26);
    refuse(builtinCollectors[name], 2 ** 26 - 32);
  }
});

test('out-of-memory reason: a null heap that calls an over-limit array a full heap fails', () => {
  const f = failureOf(() => refuse(tooLargeMisnamingNull, 2 ** 26 - 13));
  assert.equal(f.oracle, 'leak');
  assert.match(f.message, /refused as 'allocation too large', got allocation larger than the maximum heap/);
});

// First finding on seed 1 when written: run 40 (the boundary lengths at the 2^26 limit are rare).
test('tooLargeMisnamingNull: the ops target reports leak within 50 runs of seed 1, and the reproducer replays', () => {
  const { f } = assertCaughtThroughCli('tooLargeMisnamingNull', 'leak', 50, [], 'gcfuzz-too-large-');
  assert.match(f.message, /out-of-memory reason/);
});
