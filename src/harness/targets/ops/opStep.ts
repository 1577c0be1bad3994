import type { MutatorStep } from '../../../runtime/gcHeap';
import type { Op } from '../../../gen/ops/opCase';

/** Where the mutator is, for barrier logs (`GcHeap.setMutatorStep`): one per op, its label worded only when read. */
export class OpStep implements MutatorStep {
  constructor(
    readonly index: number,
    private readonly op: Op,
  ) {}

  get label(): string {
    return `op ${this.index} (${this.op.op})`;
  }
}
