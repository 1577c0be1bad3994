import type { OpDeclaration } from './opDeclaration';
import { recentIndex } from '../../gen/ops/opBytes';
import { FORGE_KINDS, FORGE_READ_USES, FORGE_USES, type ForgeKind, type ForgeUse } from '../../gen/ops/opCase';
import { nat, pickEnum } from '../../gen/ops/fixupValues';
import { Bystander } from '../../harness/targets/ops/bystander';
import { forgeRef, useForgedRef } from '../../harness/targets/ops/forgeRef';
import { barriersValidate, checkForgeOutcome, checkOtherStoreUnchanged, semiSpaceViolations } from '../../../oracles/checkSandbox';
import { UNCOMPARED } from '../../../oracles/observation';
import { forgeInput, FORGED_COLLECTION_KINDS, FORGED_INPUT_KINDS, HOST_ID_KINDS, refineForgeKind, type ForgedInput } from './forgeInput';
import { forgedCollection } from './forgedCollection';
import { probeForgedIndices } from './forgeIndex';
import { probeForgedWalk } from './forgeWalk';
import { probeForgedHeaders } from './forgeHeaderProbe';
import { probeForgedGrowth } from './forgeGrowth';
import { probeForgedCollections } from './forgeCollectionProbe';
import { headerViolations } from './headerViolation';
import type { SandboxViolation } from '../../errors/SandboxError';
import type { GcRef } from '../../runtime/gcRef';
import type { OpRunner } from '../../harness/targets/ops/opRunner';

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
  // Same draws as before the forged-input kinds (forgeInput.ts): bits 11-15 of n re-read the kind.
  fromBytes: (r) => {
    const drawn = r.pick(r.weighted([2, 1]) === 0 ? NEVER_VALID : ONCE_VALID);
    const use = r.pick(r.weighted([3, 1]) === 0 ? READ_USES : WRITE_USES);
    const h = recentIndex(r);
    const n = r.int(0x10000);
    const kind = refineForgeKind(drawn, n);
    return { op: 'forge', kind, use: HOST_ID_KINDS.has(kind) ? 'hostData' : use, h, n };
  },
  fixup(raw, shape) {
    const kind = pickEnum(raw['kind'], FORGE_KINDS);
    const use = HOST_ID_KINDS.has(kind) ? 'hostData' : pickEnum(raw['use'], FORGE_USES);
    const h = shape.handles.length === 0 ? 0 : nat(raw['h']) % shape.handles.length;
    return { op: 'forge', kind, use, h, n: nat(raw['n']) % 0x10000 };
  },
  /** Sandbox oracle: a typed error or stale data of this heap, the bystander store untouched. */
  run(x, o) {
    if (x.bystander === null) x.bystander = new Bystander(x.options.collector);
    const by = x.bystander;
    const refs = handleRefs(x);
    // Before the forged ref's use, which may taint the run: forged indexes on a live object.
    probeForgedIndices(x, refs, o.h, o.n);
    // And forged object sizes met by a heap walk (free-list heaps), the two forged headers, forged
    // growth amounts, forged collector bytes (copying).
    probeForgedWalk(x);
    probeForgedHeaders(x, refs, o.h, o.n, by);
    probeForgedGrowth(x);
    probeForgedCollections(x, refs, o.h, o.n);
    // Forged collector bytes are met by a collection (copying only); where they do not apply, an interior forge.
    if (COLLECTION_KINDS.has(o.kind) && forgedCollection(x, o.kind, o.n, o.h, refs)) return;
    const op: ForgeOp = COLLECTION_KINDS.has(o.kind) ? { ...o, kind: 'interior' } : o;
    const input = FORGED_INPUT_KIND_SET.has(op.kind) ? forgeInput(op.kind, op.n, x.store, refs, op.h, by) : null;
    const ref = input?.ref ?? forgeRef(op.kind, op.n, x.store, x.handles.length === 0 ? 0 : x.store.get(x.handleAt(op.h)), x.graveyard, by);
    // A once-valid ref (freed, foreign, interior) that now lands on a freed block's word, the
    // poison word or no kind at all names no object, whatever it named before: judged never valid.
    const validating = FORGE_READ_USES_AND_SETS.has(op.use);
    const header = input === null && validating && ONCE_VALID.includes(op.kind) ? headerViolations(x.store.heap, ref) : null;
    // On a copying heap, a ref outside the active space's objects is 'freed' or 'bad header', never stale data.
    const semi = validating ? semiSpaceViolations(x.store.heap, ref) : null;
    let threw = false;
    let error: unknown;
    let result: unknown;
    // A forged ref that may be stored (a root, a slot, a count) breaks what the marking oracles
    // assume of any mutator: that it only holds refs it got from reachable objects. A marking that
    // ends during or after this use is no evidence about the collector, so they stop here, as the
    // model does after a taint; the sandbox oracle keeps checking.
    if (!FORGE_READ_USES.has(op.use)) x.store.heap.setMarkingVerifier?.(null);
    try {
      result = useForged(op, ref, input, x);
    } catch (e) {
      threw = true;
      error = e;
    } finally {
      input?.restore();
    }
    // A header forged over a heap that a tainting forge may have corrupted is judged as an interior ref: typed error or stale data.
    const kind = x.tainted && input !== null && !HOST_ID_KINDS.has(op.kind) ? 'interior' : op.kind;
    const model = x.model;
    const isLiveHost = model === null || op.kind !== 'hostForeign' ? undefined : (v: unknown): boolean => model.externOf(v) !== undefined;
    const named = kind === op.kind && input !== null ? input.violations : header !== null ? header : input === null && validating ? CLASSIC_VIOLATION[op.kind] : undefined;
    const violations = semi === null ? named : named === undefined ? semi : named.filter((v) => semi.includes(v));
    const { mayHaveMutated } = checkForgeOutcome({ opIndex: x.opIndex, kind: header === null && semi === null ? kind : 'deadHeader', use: op.use, threw, error, result, ref: input !== null && input.hostId >= 0 ? input.hostId : ref, isForeignHost: (v) => by.ownsHost(v), ...(isLiveHost ? { isLiveHost } : {}), ...(violations !== undefined ? { violations } : {}), barriersValidate: barriersValidate(x.store.heap) });
    // headerType validates as headerKind does (no forge use reaches it otherwise): the same ref, judged alike.
    const headerTypeNamed = header ?? (validating ? CLASSIC_VIOLATION[op.kind] : undefined);
    if (op.use === 'headerKind' && input === null && headerTypeNamed !== undefined) judgeHeaderType(x, ref, header === null ? kind : 'deadHeader', headerTypeNamed);
    checkOtherStoreUnchanged(by.baseline, by.fingerprint(), x.opIndex);
    x.obs(UNCOMPARED);
    if (mayHaveMutated) x.taint();
  },
};

const FORGED_INPUT_KIND_SET: ReadonlySet<ForgeKind> = new Set<ForgeKind>(FORGED_INPUT_KINDS);
const COLLECTION_KINDS: ReadonlySet<ForgeKind> = new Set<ForgeKind>(FORGED_COLLECTION_KINDS);

/**
 * The violation checkObject names for a classic never-valid ref, decided from the ref alone before
 * any heap byte is read (null, i31, misaligned, out of bounds, in that order), so it holds on a
 * tainted heap too. Demanded only of the uses that run checkObject on the ref first (reads,
 * struct/array sets): a barrier may meet another object's error first.
 */
const CLASSIC_VIOLATION: Partial<Record<ForgeKind, readonly SandboxViolation[]>> = { oob: ['out of bounds'], misaligned: ['misaligned'], i31: ['i31'] };
const FORGE_READ_USES_AND_SETS: ReadonlySet<ForgeUse> = new Set<ForgeUse>([...FORGE_READ_USES, 'structSet', 'arraySet']);

function judgeHeaderType(x: OpRunner, ref: GcRef, kind: 'deadHeader' | ForgeKind, violations: readonly SandboxViolation[]): void {
  let threw = false;
  let error: unknown;
  let result: unknown;
  try {
    result = x.store.heap.headerType(ref);
  } catch (e) {
    threw = true;
    error = e;
  }
  checkForgeOutcome({ opIndex: x.opIndex, kind, use: 'headerType', threw, error, result, ref, isForeignHost: () => false, violations });
}

/** Raw refs of the case's handles, newest first (as `handleAt` counts); 0 for one that cannot be read. */
function handleRefs(x: OpRunner): GcRef[] {
  const refs: GcRef[] = [];
  for (let i = x.handles.length - 1; i >= 0; i--) {
    try {
      refs.push(x.store.get(x.handles[i]!));
    } catch {
      refs.push(0);
    }
  }
  return refs;
}

/** A forged host-data id is read through its externref (or straight from the table when the store has none). */
function useForged(op: ForgeOp, ref: GcRef, input: ForgedInput | null, x: OpRunner): unknown {
  if (input !== null && input.hostId >= 0 && !input.throughHeap) return x.store.hostData.get(input.hostId);
  return useForgedRef(op.use, ref, op.n, x.store, x.globals.length > 0 ? x.globals : [0]);
}
