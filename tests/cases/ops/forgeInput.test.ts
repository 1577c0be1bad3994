import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixupOpCase } from '../../../src/gen/ops/fixupOpCase';
import { FORGE_READ_USES, type ForgeKind, type ForgeUse, type OpCase } from '../../../src/gen/ops/opCase';
import { ByteReader, recentIndex } from '../../../src/gen/ops/opBytes';
import { runOpCase } from '../../../src/harness/targets/ops/runOpCase';
import { useForgedRef } from '../../../src/harness/targets/ops/forgeRef';
import { Bystander } from '../../../src/harness/targets/ops/bystander';
import { builtinCollectors } from '../../../src/runtime/collectors/builtinCollectors';
import type { GcRuntime } from '../../../src/runtime/gcHeap';
import { GcTypeRegistry } from '../../../src/runtime/gcTypes';
import { Store } from '../../../src/runtime/store';
import { SandboxError } from '../../../src/errors/SandboxError';
import { forge } from '../../../src/cases/ops/forge';
import { FORGED_COLLECTION_KINDS, FORGED_INPUT_KINDS, HOST_ID_KINDS, forgeInput, isStaleMarker, refineForgeKind } from '../../../src/cases/ops/forgeInput';
import { OracleFailure } from '../../../oracles/OracleFailure';
import { forgivingHostDataNull } from '../../brokenCollectors/forgivingHostDataNull';
import { crossStoreHostDataNull } from '../../brokenCollectors/crossStoreHostDataNull';
import { extentSkippingNull } from '../../brokenCollectors/extentSkippingNull';
import { funcTypeUncheckedNull } from '../../brokenCollectors/funcTypeUncheckedNull';

const i32 = { storage: 'i32', mutable: true };
const shape = {
  // 0: two i32 fields; 1: an array of i32; 2: a struct of three i32 fields (the last object's type).
  types: [{ kind: 'struct', fields: [i32, i32] }, { kind: 'array', element: i32 }, { kind: 'struct', fields: [i32, i32, i32] }],
  globals: [],
  tables: [],
  config: { heapBytes: 8192, maxHeapBytes: 65536, zeal: { gcEveryNAllocs: 0, poison: true, checks: true }, incrementBudget: 1 },
};
const VALIDATING: readonly ForgeUse[] = ['headerKind', 'structGet', 'arrayGet', 'arrayLen', 'hostData', 'structSet', 'arraySet'];
/** Eight n per kind, seeded: each combination of the variant bits 8-10, bit 11 set, the kind in bits 12-15. */
function nsFor(kind: ForgeKind, seed: number): number[] {
  const m = FORGED_INPUT_KINDS.indexOf(kind as (typeof FORGED_INPUT_KINDS)[number]);
  const out: number[] = [];
  let x = seed;
  for (let v = 0; v < 8; v++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out.push((m << 12) | 0x800 | (v << 8) | (x & 0xff));
  }
  return out;
}

function caseWith(ops: readonly unknown[]): OpCase {
  return fixupOpCase({ ...shape, ops });
}

/** Objects of every kind, a forged use, then reads and a collection the model checks (so a forge that left a word changed is seen). */
function forgeCase(kind: ForgeKind, use: ForgeUse, n: number, h: number): OpCase {
  return caseWith([
    { op: 'newStruct', type: 0, owned: true },
    { op: 'newExtern', owned: true },
    { op: 'newArray', type: 1, len: 3, owned: true },
    { op: 'newStruct', type: 2, owned: true },
    { op: 'forge', kind, use, h, n },
    { op: 'hostData', h: 2 },
    { op: 'arrayLen', h: 1 },
    { op: 'gc' },
    { op: 'read', h: 3, i: 0 },
  ]);
}

test('fromBytes re-reads the kind from bits 11-15 of n and reads exactly the bytes it read before the forged-input kinds', () => {
  const seen = new Set<string>();
  for (let seed = 1; seed <= 300; seed++) {
    const bytes = Uint8Array.from({ length: 32 }, (_, i) => (Math.imul(seed * 31 + i, 2654435761) >>> 13) & 0xff);
    const r = new ByteReader(bytes);
    const op = forge.fromBytes(r, 3);
    seen.add(op.kind);
    const m = (op.n >>> 12) & 15;
    if ((op.n & 0x800) !== 0 && m < FORGED_INPUT_KINDS.length) assert.equal(op.kind, FORGED_INPUT_KINDS[m]);
    else if ((op.n & 0x800) !== 0 && m < FORGED_INPUT_KINDS.length + FORGED_COLLECTION_KINDS.length) assert.equal(op.kind, FORGED_COLLECTION_KINDS[m - FORGED_INPUT_KINDS.length]);
    else assert.ok(![...FORGED_INPUT_KINDS, ...FORGED_COLLECTION_KINDS].includes(op.kind as never), op.kind);
    if (HOST_ID_KINDS.has(op.kind)) assert.equal(op.use, 'hostData');
    // The draws of the forge op as they were: kind group, kind, use group, use, handle, n.
    const old = new ByteReader(bytes);
    old.pick(old.weighted([2, 1]) === 0 ? [0, 1, 2] : [3, 4, 5]);
    old.pick(old.weighted([3, 1]) === 0 ? [0, 1, 2, 3, 4] : [5, 6, 7, 8, 9, 10, 11]);
    recentIndex(old);
    assert.equal(old.int(0x10000), op.n);
    assert.deepEqual([r.u8(), r.u8(), r.u8(), r.u8()], [old.u8(), old.u8(), old.u8(), old.u8()], `seed ${seed}: the next op reads the same bytes`);
  }
  for (const k of FORGED_INPUT_KINDS) assert.ok(seen.has(k), `${k} is drawn`);
  assert.equal(refineForgeKind('oob', 0x9fff), 'oob');
  assert.equal(refineForgeKind('oob', 0x6000), 'oob');
  assert.equal(refineForgeKind('oob', 0x6800), 'pastBump');
  assert.equal(refineForgeKind('oob', 0x7800), 'externLink');
  assert.equal(refineForgeKind('oob', 0x8800), 'copiedBit');
});

test('every forged-input kind, given to every validating entry point on every collector, is a SandboxError the model predicts, and leaves the heap as it was', () => {
  for (const collector of Object.values(builtinCollectors)) {
    for (const kind of FORGED_INPUT_KINDS) {
      const uses = HOST_ID_KINDS.has(kind) ? ['hostData' as const] : VALIDATING;
      for (const use of uses) {
        for (const n of [nsFor(kind, 7)[0]!, nsFor(kind, 7)[5]!]) {
          for (const h of [0, 2]) {
            const c = forgeCase(kind, use, n, h);
            assert.deepEqual(c.ops[4], { op: 'forge', kind, use, h, n }, 'the case is valid as written');
            const r = runOpCase(c, { collector, mode: 'lockstep' });
            assert.equal(r.stopReason, 'end', `${collector.name} ${kind} ${use} n=${n} h=${h}: a rejected forge must not taint the run`);
          }
        }
      }
    }
  }
});

/** The runtime check each mode reaches, named by the SandboxError it raises, per collector. */
const REACHED: Record<string, RegExp> = {
  hostStale: /bad host data id/,
  hostZero: /bad host data id ref 0x0\b/,
  hostPastEnd: /bad host data id/,
  badSize: /bad header .*(size bits|unknown collector bits|collector bits set|object_size|size word|size \d+, object needs|beyond the limit)/,
  funcType: /bad header .*(non-struct type index|non-array type index|externref with a type index)/,
  pastBump: /out of bounds .*(past the bump pointer)|out of bounds ref 0x[0-9a-f]+$/,
};

function storeWith(collector: GcRuntime): { store: Store; refs: number[]; by: Bystander } {
  const types = new GcTypeRegistry();
  const s0 = types.register({ kind: 'struct', fields: [{ storage: 'i32', mutable: true }, { storage: 'i32', mutable: true }] });
  const a1 = types.register({ kind: 'array', element: { storage: 'i32', mutable: true } });
  const store = new Store({ collector, initialHeapBytes: 8192, maxHeapBytes: 65536, types, zeal: { poison: true, checks: true } });
  const hs = [store.root(store.allocStruct(s0), true), store.root(store.allocExternref({ host: 1 }), true), store.root(store.allocArray(a1, 5), true)];
  return { store, refs: hs.map((h) => store.get(h)).reverse(), by: new Bystander(collector) };
}

function heapBytes(store: Store): Uint8Array {
  return new Uint8Array(store.heap.vmctxGcHeapBase(), 0, store.heap.vmctxGcHeapBound()).slice();
}

test('each forged-input kind reaches the runtime check meant for it (the SandboxError says which), on every collector, and restores every byte', () => {
  for (const collector of Object.values(builtinCollectors)) {
    const reasons = new Set<string>();
    for (const kind of FORGED_INPUT_KINDS) {
      if (kind === 'hostForeign') continue;
      for (const n of nsFor(kind, 3)) {
        for (let h = 0; h < 3; h++) {
          const { store, refs, by } = storeWith(collector);
          const before = heapBytes(store);
          const input = forgeInput(kind, n, store, refs, h, by);
          const use: ForgeUse = HOST_ID_KINDS.has(kind) ? 'hostData' : 'headerKind';
          let error: unknown;
          try {
            useForgedRef(use, input.ref, n, store, [0]);
          } catch (e) {
            error = e;
          } finally {
            input.restore();
          }
          assert.ok(error instanceof SandboxError, `${collector.name} ${kind} n=${n}: ${String(error)}`);
          assert.match(error.message, REACHED[kind]!, `${collector.name} ${kind} n=${n}`);
          assert.ok(input.violations.includes(error.violation), `${collector.name} ${kind}: ${error.violation} is one the oracle expects`);
          reasons.add(`${kind}: ${error.message.replace(/ref 0x[0-9a-f]+/, 'ref').replace(/\d+/g, 'N')}`);
          assert.deepEqual(heapBytes(store), before, `${collector.name} ${kind}: every scribbled word put back`);
          if (HOST_ID_KINDS.has(kind)) assert.equal(input.throughHeap, true, 'the id was read through a live externref');
          assert.deepEqual([...store.hostData.entries()].length, 1, 'the stale id\'s slot was released again');
        }
      }
    }
    const sizeChecks = [...reasons].filter((r) => r.startsWith('badSize'));
    assert.ok(sizeChecks.some((r) => /beyond the limit/.test(r)) && sizeChecks.some((r) => /object needs/.test(r)), `${collector.name}: ${sizeChecks.join('; ')}`);
  }
});

test('the bystander\'s host-data id reads, in the case\'s store, only that store\'s data or a SandboxError', () => {
  for (const collector of Object.values(builtinCollectors)) {
    const { store, refs, by } = storeWith(collector);
    const input = forgeInput('hostForeign', 0x3000, store, refs, 0, by);
    let got: unknown;
    try {
      got = useForgedRef('hostData', input.ref, 0, store, [0]);
    } catch (e) {
      got = e;
    } finally {
      input.restore();
    }
    assert.ok(got instanceof SandboxError || (!by.ownsHost(got) && !isStaleMarker(got) && got !== undefined), `${collector.name}: ${String(got)}`);
  }
});

/**
 * Each broken runtime is caught by the kinds meant for it, at the forge op, by the sandbox oracle
 * (badSize and pastBump are also probed at every forge op, forgeHeaderProbe.ts, badSize first).
 */
const BROKEN: readonly [GcRuntime, readonly ForgeKind[]][] = [
  [forgivingHostDataNull, ['hostStale', 'hostZero', 'hostPastEnd']],
  [crossStoreHostDataNull, ['hostForeign']],
  [extentSkippingNull, ['badSize', 'pastBump']],
  [funcTypeUncheckedNull, ['funcType']],
];

test('a runtime that skips one of these checks is caught at the forge op by the sandbox oracle', () => {
  for (const [collector, kinds] of BROKEN) {
    for (const kind of kinds) {
      const use: ForgeUse = HOST_ID_KINDS.has(kind) ? 'hostData' : 'structGet';
      const n = nsFor(kind, 11)[0]!;
      // The bystander's id (1) is live in forgeCase's store; asked before any externref exists, it names only the bystander's.
      const c = kind === 'hostForeign' ? caseWith([{ op: 'newStruct', type: 0, owned: true }, { op: 'forge', kind, use, h: 0, n }]) : forgeCase(kind, use, n, 0);
      assert.throws(() => runOpCase(c, { collector, mode: 'lockstep' }),
        (e: unknown) => e instanceof OracleFailure && e.oracle === 'sandbox' && e.opIndex === c.ops.findIndex((o) => o.op === 'forge') && kinds.some((k) => e.message.includes(k)), `${collector.name} ${kind}`);
      assert.doesNotThrow(() => runOpCase(c, { collector: builtinCollectors.null, mode: 'lockstep' }));
    }
  }
});

test('read uses of forged inputs are read-only uses (the taint rule depends on it)', () => {
  for (const u of VALIDATING.slice(0, 5)) assert.ok(FORGE_READ_USES.has(u));
});
