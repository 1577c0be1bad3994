import type { Op } from '../../gen/ops/opCase';
import type { ByteReader } from '../../gen/ops/opBytes';
import type { FixupShape } from '../../gen/ops/fixupShape';
import type { OpRunner } from '../../harness/targets/ops/opRunner';

/**
 * Everything about one op kind, in one place (in the spirit of Wasmtime's `for_each_gc_op!` table
 * and fast-check's `Command`): its JSON shape (the type `O`), how it is drawn from generator bytes,
 * its fixup (validity and static effect on the stream's shape), what it does to the runtime and the
 * model in lock step, and its simplifications for the reducer. `OP_KINDS`, the op-case generator,
 * fixup, the runner's dispatch and reduction are all derived from the list in opDeclarations.ts.
 *
 * ONE GENERATOR (issue #10 item 2). An op is drawn ONLY by `fromBytes`; there is no per-op
 * fast-check arbitrary any more. Seeded cases are fast-check byte strings decoded by
 * `opCaseFromBytes` (src/gen/ops/opCaseArbitrary.ts is that one `.map`), and jsfuzz inputs are
 * decoded by the same function, so a seed and a coverage-guided input draw from one distribution,
 * weighted by `weight` here and the snippet weights in src/gen/ops/opSnippets.ts.
 * To adapt a declaration written against the previous interface: delete its `arbitrary` member and
 * make `fromBytes` draw the distribution the arbitrary drew, with the `ByteReader` (a `Choices`:
 * `int`, `range`, `pick`, `weighted`, `bit`, ...) and the parameter decoders in src/gen/ops/opBytes.ts
 * (`recentIndex` for handle/frame indices, `smallIndex`, `growth`, `arrayLength`, `slotFromBytes`,
 * `refValueFromBytes`, `numValueFromBytes`, `initValueFromBytes`, `heapFromBytes`). Lay each choice
 * out so that byte 0 is its simplest option: byte-level shrinking lowers bytes toward 0.
 */
export interface OpDeclaration<O extends { readonly op: string }> {
  readonly kind: O['op'];
  /** Weight among single ops of the generator (0: only drawn inside snippets). */
  readonly weight: number;
  /** The op's parameters from generator bytes (after its kind choice); `typeCount` types exist. Indices are unresolved (fixup resolves them). */
  fromBytes(r: ByteReader, typeCount: number): O;
  /**
   * Any JSON record with this op's kind made valid where it stands in the stream (or undefined to
   * drop it), updating `shape` with its static effect (handles pushed, types, table sizes).
   * Idempotent: a valid op is returned equal to itself.
   */
  fixup(raw: Record<string, unknown>, shape: FixupShape): O | undefined;
  /**
   * Run the op on the store and, when the runner has one, on the model: compare outcomes (the
   * model's `Fault` or value against the runtime's error or value) and record one observation.
   */
  run(x: OpRunner, op: O): void;
  /** Simpler variants of the op for the reducer, most aggressive first. */
  simplify?(op: O): readonly Op[];
  /** Whether the handle this op makes is owned (undefined: it makes none); used after a taint. */
  madeHandle?(op: O): boolean | undefined;
}
