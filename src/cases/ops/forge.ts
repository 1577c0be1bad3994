import type { OpDeclaration } from './opDeclaration';
import { recentIndex } from '../../gen/ops/opBytes';
import { FORGE_KINDS, FORGE_READ_USES, FORGE_USES, type ForgeKind, type ForgeUse } from '../../gen/ops/opCase';
import { nat, pickEnum } from '../../gen/ops/fixupValues';
import { Bystander } from '../../harness/targets/ops/bystander';
import { forgeRef, useForgedRef } from '../../harness/targets/ops/forgeRef';
import { checkForgeOutcome, checkOtherStoreUnchanged } from '../../../oracles/checkSandbox';
import { UNCOMPARED } from '../../../oracles/observation';

/** Make a bad ref of `kind` (from handle h's object where one is needed) and use it as `use`. */
export interface ForgeOp {
  readonly op: 'forge';
  readonly kind: ForgeKind;
  readonly use: ForgeUse;
  readonly h: number;
  readonly n: number;
}

/**
 * Forged refs. Refs that can never be valid and read-only uses are weighted up: a forge that may
 * have mutated the heap taints the rest of the run (only the sandbox oracle keeps checking it), so
 * those are kept to about a quarter of forges.
 */
const NEVER_VALID: readonly ForgeKind[] = ['oob', 'misaligned', 'i31'];
const ONCE_VALID: readonly ForgeKind[] = ['freed', 'foreign', 'interior'];
const READ_USES: readonly ForgeUse[] = FORGE_USES.filter((u) => FORGE_READ_USES.has(u));
const WRITE_USES: readonly ForgeUse[] = FORGE_USES.filter((u) => !FORGE_READ_USES.has(u));

export const forge: OpDeclaration<ForgeOp> = {
  kind: 'forge',
  weight: 1,
  fromBytes: (r) => ({
    op: 'forge',
    kind: r.pick(r.weighted([2, 1]) === 0 ? NEVER_VALID : ONCE_VALID),
    use: r.pick(r.weighted([3, 1]) === 0 ? READ_USES : WRITE_USES),
    h: recentIndex(r),
    n: r.int(0x10000),
  }),
  fixup(raw, shape) {
    const kind = pickEnum(raw['kind'], FORGE_KINDS);
    const use = pickEnum(raw['use'], FORGE_USES);
    const h = shape.handles.length === 0 ? 0 : nat(raw['h']) % shape.handles.length;
    return { op: 'forge', kind, use, h, n: nat(raw['n']) % 0x10000 };
  },
  /** Sandbox oracle: a typed error or stale data of this heap, the bystander store untouched. */
  run(x, op) {
    if (x.bystander === null) x.bystander = new Bystander(x.options.collector);
    const by = x.bystander;
    const ref = forgeRef(op.kind, op.n, x.store, x.handles.length === 0 ? 0 : x.store.get(x.handleAt(op.h)), x.graveyard, by);
    const scratch = [0];
    let threw = false;
    let error: unknown;
    let result: unknown;
    // A forged ref that may be stored (a root, a slot, a count) breaks what the marking oracles
    // assume of any mutator: that it only holds refs it got from reachable objects. A marking that
    // ends during or after this use is no evidence about the collector, so they stop here, as the
    // model does after a taint; the sandbox oracle keeps checking.
    if (!FORGE_READ_USES.has(op.use)) x.store.heap.setMarkingVerifier?.(null);
    try {
      result = useForgedRef(op.use, ref, op.n, x.store, x.globals.length > 0 ? x.globals : scratch);
    } catch (e) {
      threw = true;
      error = e;
    }
    const { mayHaveMutated } = checkForgeOutcome({ opIndex: x.opIndex, kind: op.kind, use: op.use, threw, error, result, ref, isForeignHost: (v) => by.ownsHost(v) });
    checkOtherStoreUnchanged(by.baseline, by.fingerprint(), x.opIndex);
    x.obs(UNCOMPARED);
    if (mayHaveMutated) x.taint();
  },
};
