import type fc from 'fast-check';
import type { Op } from '../../gen/ops/opCase';
import type { ByteReader } from '../../gen/ops/opBytes';
import type { FixupShape } from '../../gen/ops/fixupShape';
import type { OpRunner } from '../../harness/targets/ops/opRunner';

/**
 * Everything about one op kind, in one place (in the spirit of Wasmtime's `for_each_gc_op!` table
 * and fast-check's `Command`): its JSON shape (the type `O`), how it is drawn by the seeded
 * generator and from generator bytes, its fixup (validity and static effect on the stream's
 * shape), what it does to the runtime and the model in lock step, and its simplifications for the
 * reducer. `OP_KINDS`, the byte decoder, the fast-check arbitrary, fixup, the runner's dispatch and
 * reduction are all derived from the list in opDeclarations.ts.
 */
export interface OpDeclaration<O extends { readonly op: string }> {
  readonly kind: O['op'];
  /** Weight among single ops of the seeded generator (0: only drawn inside snippets). */
  readonly weight: number;
  /** The op with unresolved indices (fixup resolves them), for the seeded generator. */
  arbitrary(typeCount: number): fc.Arbitrary<O>;
  /** The op's parameters from generator bytes (after its kind byte); `typeCount` types exist. */
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
