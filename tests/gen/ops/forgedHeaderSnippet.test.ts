import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forgedHeaderSnippet } from '../../../src/gen/ops/forgedHeaderSnippet';
import { ByteReader } from '../../../src/gen/ops/opBytes';
import { opCaseFromBytes } from '../../../src/gen/ops/opCaseFromBytes';
import { fixupOpCase } from '../../../src/gen/ops/fixupOpCase';
import type { Op } from '../../../src/gen/ops/opCase';
import { runOpCase } from '../../../src/harness/targets/ops/runOpCase';
import { builtinCollectors } from '../../../src/runtime/collectors/builtinCollectors';
import type { GcHeap, GcRuntime } from '../../../src/runtime/gcHeap';
import { SandboxError } from '../../../src/errors/SandboxError';

/** Byte strings for the snippet: a xorshift stream, so every draw of it varies. */
function snippets(count: number): Op[][] {
  let x = 0x2545f491;
  const bytes = Uint8Array.from({ length: 16 * count }, () => ((x ^= x << 13), (x ^= x >>> 17), (x ^= x << 5), x >>> 24));
  return Array.from({ length: count }, (_, k) => forgedHeaderSnippet(new ByteReader(bytes.subarray(16 * k))));
}

/** `base` with every SandboxError its heaps raise recorded (the forge op catches them). */
function recordingSandboxErrors(base: GcRuntime): { runtime: GcRuntime; errors: SandboxError[] } {
  const errors: SandboxError[] = [];
  const wrap = (heap: GcHeap): GcHeap => new Proxy(heap, {
    get(target, p) {
      const v: unknown = Reflect.get(target, p, target);
      if (typeof v !== 'function') return v;
      return (...args: unknown[]) => {
        try {
          return (v as (...a: unknown[]) => unknown).apply(target, args);
        } catch (e) {
          if (e instanceof SandboxError) errors.push(e);
          throw e;
        }
      };
    },
  });
  return { runtime: { ...base, newGcHeap: (config) => wrap(base.newGcHeap(config)) }, errors };
}

test('forgedHeaderSnippet: a fresh array (or externref), then a badSize (length grown) or funcType forge of it through a checkObject use, read and collected; one in eight forges collector bytes instead', () => {
  const kinds = new Set<string>();
  const uses = new Set<string>();
  const objects = new Set<string>();
  for (const ops of snippets(200)) {
    const alloc = ops[0];
    const forge = ops[ops.length - (alloc!.op === 'newArray' ? 3 : 2)];
    assert.ok(alloc!.op === 'newArray' || alloc!.op === 'newExtern');
    // An externref list link gets two fresh externrefs (the newer's link may alias the older).
    assert.equal(ops.length, alloc!.op === 'newArray' ? 4 : forge!.op === 'forge' && forge.kind === 'externLink' ? 4 : 3);
    objects.add(alloc!.op);
    assert.ok(forge!.op === 'forge');
    assert.equal(forge.h, 0);
    assert.notEqual(forge.use, 'hostData');
    kinds.add(forge.kind);
    if (forge.kind === 'externLink' || forge.kind === 'copiedBit') {
      // Forged collector bytes on the fresh object: an externref's list link, or an array's COPIED bit.
      assert.equal(alloc!.op === 'newExtern', forge.kind === 'externLink');
      assert.equal(forge.n & ~0x703, 0, 'the variant in bits 8-10, the element in bits 0-1');
      continue;
    }
    assert.ok(forge.kind === 'badSize' || forge.kind === 'funcType');
    assert.equal(forge.n & 0x600, 0x400, 'an array at hand (bit 10), its length grown (bit 9 clear)');
    uses.add(forge.use);
  }
  assert.equal(kinds.size, 4);
  assert.equal(objects.size, 2);
  assert.equal(uses.size, 11);
});

test('forgedHeaderSnippet cases run clean on every collector, and each collector rejects the forged header with a bad-header SandboxError', () => {
  const base = opCaseFromBytes(new Uint8Array(64));
  for (const name of ['null', 'drc', 'copying', 'incremental'] as const) {
    const { runtime, errors } = recordingSandboxErrors(builtinCollectors[name]!);
    for (const ops of snippets(24)) {
      const c = fixupOpCase({ ...base, ops });
      assert.equal(c.ops.length, ops.length, 'fixup keeps every op');
      const r = runOpCase(c, { collector: runtime, mode: 'lockstep' });
      assert.equal(r.opsRun, ops.length, `${name}: ${JSON.stringify(ops)}`);
    }
    const badHeader = errors.filter((e) => e.violation === 'bad header');
    assert.ok(badHeader.length >= 12, `${name}: ${badHeader.length} bad-header rejections of 24 forged headers`);
    // The size check proper (the stored object size against the one the grown length computes),
    // and an externref header naming a type.
    if (name !== 'null') assert.ok(badHeader.some((e) => /needs \d+/.test(e.message)), `${name}: no size-word mismatch seen`);
    assert.ok(badHeader.some((e) => /externref with a type index/.test(e.message)), `${name}: no typed externref header seen`);
  }
});
