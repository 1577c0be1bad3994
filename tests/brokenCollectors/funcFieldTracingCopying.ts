import type { GcHeap, GcHeapConfig, GcRuntime } from '../../src/runtime/gcHeap';
import { CopyingHeap } from '../../src/runtime/collectors/copyingHeap';
import { GcTypeRegistry, type GcCompositeType, type StorageType, type TraceKind } from '../../src/runtime/gcTypes';

/**
 * The store's registry as the heap sees it, except that a field of a function type ((ref null
 * func), (ref null $ft)) is laid out as a traced GC ref: the bug of the surviving gcTypes.ts
 * `traceKind` mutants (issue #13).
 */
class FuncAsGcTypes extends GcTypeRegistry {
  constructor(private readonly inner: GcTypeRegistry) {
    super();
  }
  override register(type: GcCompositeType): number {
    return this.inner.register(type);
  }
  override get size(): number {
    return this.inner.size;
  }
  override lookup(index: number): GcCompositeType | undefined {
    return this.inner.lookup(index);
  }
  override get(index: number): GcCompositeType {
    return this.inner.get(index);
  }
  override isSubtype(sub: number, sup: number): boolean {
    return this.inner.isSubtype(sub, sup);
  }
  override traceKind(storage: StorageType): TraceKind {
    const k = this.inner.traceKind(storage);
    return k === 'func' ? 'gc' : k;
  }
}

/**
 * BROKEN ON PURPOSE: the copying collector tracing function-reference fields as GC refs. A
 * function reference is stored as its function id; an even id looks like a heap address, so the
 * collector copies (or trips over) whatever lies there. Expected: a dangling/sandbox finding once
 * a program stores a non-null even-id function reference in a struct or array field and collects.
 */
export const funcFieldTracingCopying: GcRuntime = {
  name: 'func-field-tracing-copying',
  reclaims: 'all',
  moving: true,
  newGcHeap: (config: GcHeapConfig): GcHeap => new CopyingHeap(funcFieldTracingCopying, { ...config, types: new FuncAsGcTypes(config.types) }),
};

export default funcFieldTracingCopying;
