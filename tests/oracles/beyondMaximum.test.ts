import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Store } from '../../src/runtime/store';
import { builtinCollectors } from '../../src/runtime/collectors/builtinCollectors';
import { GcTypeRegistry } from '../../src/runtime/gcTypes';
import { beyondMaximum } from '../../oracles/beyondMaximum';
import { maxIgnoringCopying } from '../brokenCollectors/maxIgnoringCopying';

test('beyond the maximum: a heap answers null only to an array some heap up to the maximum could hold', () => {
  const types = new GcTypeRegistry();
  const t = types.register({ kind: 'array', element: { storage: 'i8', mutable: true } });
  // Maximum 4096: a copying semi-space holds at most floor((4096 - 16) / 32) * 16 = 2032 bytes.
  assert.equal(beyondMaximum(new Store({ collector: builtinCollectors.copying, initialHeapBytes: 1024, maxHeapBytes: 4096, types }).heap, types, t, 2032 - 20, 4096), null);
  assert.match(beyondMaximum(new Store({ collector: builtinCollectors.copying, initialHeapBytes: 1024, maxHeapBytes: 4096, types }).heap, types, t, 2032 - 19, 4096) ?? '', /a 2048-byte block\) where the largest semi-space holds 2032/);
  assert.equal(beyondMaximum(new Store({ collector: builtinCollectors.null, initialHeapBytes: 1024, maxHeapBytes: 4096, types }).heap, types, t, 4088 - 12, 4096), null);
  assert.match(beyondMaximum(new Store({ collector: builtinCollectors.drc, initialHeapBytes: 1024, maxHeapBytes: 4096, types }).heap, types, t, 4080 - 27, 4096) ?? '', /where the largest heap holds 4080/);
  const broken = new Store({ collector: maxIgnoringCopying, initialHeapBytes: 1024, maxHeapBytes: 4096, types }).heap;
  assert.equal(broken.allocArray(t, 3000), null, 'the broken heap says collect and retry');
  assert.throws(() => new Store({ collector: builtinCollectors.copying, initialHeapBytes: 1024, maxHeapBytes: 4096, types }).heap.allocArray(t, 3000), /allocation larger than a maximum semi-space/);
});
