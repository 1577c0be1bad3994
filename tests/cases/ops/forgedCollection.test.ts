import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixupOpCase } from '../../../src/gen/ops/fixupOpCase';
import type { ForgeKind, OpCase } from '../../../src/gen/ops/opCase';
import { runOpCase } from '../../../src/harness/targets/ops/runOpCase';
import { builtinCollectors } from '../../../src/runtime/collectors/builtinCollectors';
import type { GcRuntime } from '../../../src/runtime/gcHeap';
import { FORGED_COLLECTION_KINDS } from '../../../src/cases/ops/forgeInput';
import { OracleFailure } from '../../../oracles/OracleFailure';
import { forwardTrustingCopying } from '../../brokenCollectors/forwardTrustingCopying';
import { listTruncatingCopying } from '../../brokenCollectors/listTruncatingCopying';
import { copiedBitFirstCopying } from '../../brokenCollectors/copiedBitFirstCopying';

const i32 = { storage: 'i32', mutable: true };
const anyRef = { storage: { ref: { nullable: true, heap: 'any' } }, mutable: true };

/**
 * Objects of every kind (the last one an externref, or a struct), one garbage externref, an upper
 * space active or not (a collection first, or none), the forge, then reads and a collection the
 * model checks: a forge that left a word changed, or a collection that did not roll back, is seen.
 */
function forgeCase(kind: ForgeKind, n: number, h: number, opts: { flipped: boolean; externLast: boolean; checks: boolean; poison: boolean }): OpCase {
  const objects = [
    { op: 'newStruct', type: 0, owned: true },
    { op: 'newExtern', owned: false },
    { op: 'newArray', type: 1, len: 3, owned: true },
    { op: 'newStruct', type: 2, owned: true },
  ];
  const last = opts.externLast ? [{ op: 'newExtern', owned: true }] : [{ op: 'newExtern', owned: true }, { op: 'newStruct', type: 0, owned: true }];
  return fixupOpCase({
    types: [{ kind: 'struct', fields: [i32, i32] }, { kind: 'array', element: i32 }, { kind: 'struct', fields: [anyRef, i32] }],
    globals: [],
    tables: [],
    config: { heapBytes: 8192, maxHeapBytes: 65536, zeal: { gcEveryNAllocs: 0, poison: opts.poison, checks: opts.checks }, incrementBudget: 3 },
    ops: [...objects, ...(opts.flipped ? [{ op: 'gc' }] : []), ...last, { op: 'forge', kind, use: 'headerKind', h, n }, { op: 'hostData', h: 1 }, { op: 'arrayLen', h: 2 }, { op: 'gc' }, { op: 'read', h: 0, i: 0 }],
  });
}

/** Three starting variants (bits 8-10 of n; each op tries every variant) of `kind` on `collector`, over heaps flipped or not, with an externref last or not, with and without zeal checks and poison: each run's result, or the oracle failure it threw. */
function runVariants(collector: GcRuntime, kind: ForgeKind, each: (r: ReturnType<typeof runOpCase> | OracleFailure, what: string) => void): void {
  const m = 7 + FORGED_COLLECTION_KINDS.indexOf(kind as (typeof FORGED_COLLECTION_KINDS)[number]);
  for (const v of [0, 3, 7]) {
    for (const flipped of [false, true]) {
      for (const externLast of [false, true]) {
        for (const zeal of [false, true]) {
          for (const h of [0, 2]) {
            const n = (m << 12) | 0x800 | (v << 8) | 0x5a;
            const what = `${collector.name} ${kind} v${v} h${h}${flipped ? ' flipped' : ''}${externLast ? ' extern-last' : ''}${zeal ? ' zeal' : ''}`;
            const c = forgeCase(kind, n, h, { flipped, externLast, checks: zeal, poison: zeal });
            let r: ReturnType<typeof runOpCase> | OracleFailure;
            try {
              r = runOpCase(c, { collector, mode: 'lockstep' });
            } catch (e) {
              if (!(e instanceof OracleFailure)) throw e;
              r = e;
            }
            each(r, what);
          }
        }
      }
    }
  }
}

test('every forged-collection variant is refused by the copying collector (SandboxError bad header, rolled back), and falls back to an interior forge on the others', () => {
  for (const collector of Object.values(builtinCollectors)) {
    for (const kind of FORGED_COLLECTION_KINDS) {
      runVariants(collector, kind, (r, what) => {
        assert.ok(!(r instanceof OracleFailure), `${what}: ${r instanceof OracleFailure ? r.message : ''}`);
        // Refused and rolled back on copying, so nothing tainted the run; elsewhere an interior headerKind read never taints.
        assert.equal(r.stopReason, 'end', what);
      });
    }
  }
});

test('a copying collector that trusts a COPIED bit, reads one before proving the ref, or cuts its externref list at a bad link, is caught at the forge op', () => {
  // A COPIED bit trusted: the forged forwarding words; read before the ref is proven: the forged fields (variants 3, 4).
  for (const [collector, kind, variants, violation] of [[forwardTrustingCopying, 'copiedBit', '[0-2]', 'bad header'], [listTruncatingCopying, 'externLink', '[0-5]', 'bad header'], [copiedBitFirstCopying, 'copiedBit', '[34]', '(misaligned|freed)']] as const) {
    let caught = 0;
    runVariants(collector, kind, (r, what) => {
      // With zeal checks the per-collection verification refuses the forged bytes first, in both.
      if (what.endsWith(' zeal')) return;
      assert.ok(r instanceof OracleFailure, `${what}: caught`);
      caught++;
      assert.match(r.message, new RegExp(`^\\[sandbox\\] .*expected a collection over a forged ${kind} \\(variant ${variants}\\): SandboxError '${violation}'.*, got the collection completed`), what);
    });
    assert.equal(caught, 3 * 2 * 2 * 2, `${collector.name}: every ${kind} op is caught`);
  }
});
