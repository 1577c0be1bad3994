import type { CopyingHeap } from '../../src/runtime/collectors/copyingHeap';

/** The copying heap's private forwarding step, heap view and to-space, reached past TypeScript's `private` (test code only). */
export interface ForwardInternals {
  forward(ref: number): number;
  readonly u32: Uint32Array;
  readonly toStart: number;
  readonly toBump: number;
}

/** Replace `heap`'s private forwarding step by `wrap(original, internals)`: the seam of the broken copying collectors that forward wrongly. */
export function wrapCopyingForward(heap: CopyingHeap, wrap: (forward: (ref: number) => number, self: ForwardInternals) => (ref: number) => number): void {
  const self = heap as unknown as ForwardInternals;
  self.forward = wrap(self.forward.bind(heap), self);
}
