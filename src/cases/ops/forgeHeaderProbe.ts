import type { OpRunner } from '../../harness/targets/ops/opRunner';
import type { Bystander } from '../../harness/targets/ops/bystander';
import type { GcRef } from '../../runtime/gcRef';
import type { ForgeKind } from '../../gen/ops/opCase';
import { checkForgeOutcome, semiSpaceViolations } from '../../../oracles/checkSandbox';
import { forgeInput } from './forgeInput';

/**
 * The two forged headers every forge op also tries, whatever kind it drew (issue 13: the heaps'
 * extent checks, `checkExtent`, met them only when the forge op drew that kind, 2 in 32 forges,
 * too rarely for a budget of a few dozen runs): 'badSize' as a flipped bit of a live object's first
 * word (bit 10 of `n` off: the null collector's size bits, a collector bit the others must find
 * clear), and 'pastBump' as a copy of the highest object's header 16 bytes further on (bits 8-9 of
 * `n` clear: inside that object, claiming its size, so it ends past the bump pointer). Each is
 * given to `headerKind`, which validates its ref, and judged as the forge op judges a forged input
 * (`checkForgeOutcome`, with the copying heap's semi-space rule), then the words are put back. The
 * other bits of `n` are the op's own, so which object and which bit vary with the case. No byte
 * is drawn: every case is drawn as before. Beside the model only, while the run is untainted (a
 * forged write may have left the heap's words wrong).
 */
const PROBES: readonly (readonly [ForgeKind, (n: number) => number])[] = [
  ['badSize', (n) => n & ~0x400],
  ['pastBump', (n) => n & ~0x300],
];

export function probeForgedHeaders(x: OpRunner, refs: readonly GcRef[], h: number, n: number, by: Bystander): void {
  if (x.tainted || !x.mode.model) return;
  for (const [kind, variant] of PROBES) {
    const input = forgeInput(kind, variant(n), x.store, refs, h, by);
    const semi = semiSpaceViolations(x.store.heap, input.ref);
    let threw = false;
    let error: unknown;
    let result: unknown;
    try {
      result = x.store.heap.headerKind(input.ref);
    } catch (e) {
      threw = true;
      error = e;
    } finally {
      input.restore();
    }
    const violations = semi === null ? input.violations : input.violations.filter((v) => semi.includes(v));
    checkForgeOutcome({ opIndex: x.opIndex, kind: semi === null ? kind : 'deadHeader', use: 'headerKind', threw, error, result, ref: input.ref, isForeignHost: (v) => by.ownsHost(v), violations });
  }
}
