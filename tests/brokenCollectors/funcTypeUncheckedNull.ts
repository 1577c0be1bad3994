import type { GcHeap, GcHeapConfig, GcRuntime } from '../../src/runtime/gcHeap';
import { NullHeap } from '../../src/runtime/collectors/nullHeap';
import { computeLayout } from '../../src/runtime/gcLayout';
import type { TypeInfo } from '../../src/runtime/typeInfo';

/**
 * BROKEN ON PURPOSE: a header's type index is laid out without asking whether it names a function
 * type (TypeInfo.build without its `t.kind === 'func'` test), so a forged header naming one ends in
 * the layout code's allocation error (OutOfMemoryError) instead of a SandboxError: the sandbox
 * violation is misreported as an ordinary failure a caller may retry. Overrides GcHeapBase's
 * protected `infoFor`. Expected oracle: sandbox (forge kind funcType).
 */
class FuncTypeUncheckedNullHeap extends NullHeap {
  protected override infoFor(ty: number): TypeInfo | null {
    if (this.types.lookup(ty)?.kind === 'func') computeLayout(this.types, ty, 8);
    return super.infoFor(ty);
  }
}

export const funcTypeUncheckedNull: GcRuntime = {
  name: 'func-type-unchecked-null',
  reclaims: 'nothing',
  moving: false,
  newGcHeap: (config: GcHeapConfig): GcHeap => new FuncTypeUncheckedNullHeap(funcTypeUncheckedNull, config),
};

export default funcTypeUncheckedNull;
