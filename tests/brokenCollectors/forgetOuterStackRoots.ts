import type { ExternRefHostDataTable } from '../../src/runtime/externRefHostDataTable';
import type { GarbageCollection, GcHeap, GcHeapConfig, GcRuntime } from '../../src/runtime/gcHeap';
import { GcRootsList, type GcRoot } from '../../src/runtime/gcRootsList';
import { builtinCollectors, type BuiltinCollectorName } from '../../src/runtime/collectors/builtinCollectors';

/**
 * A deliberately broken collector for harness tests: a built-in collector whose `gc` never sees
 * the Wasm stack roots of frames other than the innermost one (`frameDepth > 0`) — the class of
 * bug of CVE-2022-24791 / CVE-2022-31146 (call sites missing stack-map entries), but only in the
 * caller frames, which Wasmtime's single-frame gc_ops fuzzer cannot reach. Loadable with
 * `--collector dist/tests/brokenCollectors/forgetOuterStackRoots.js` (wraps copying; set
 * GCFUZZ_BROKEN_INNER=drc|null|copying to wrap another).
 */
class FilteredRoots extends GcRootsList {
  constructor(
    private readonly inner: GcRootsList,
    private readonly keep: (r: GcRoot) => boolean,
  ) {
    super();
  }

  private kept(): GcRoot[] {
    const out: GcRoot[] = [];
    for (const r of this.inner) if (this.keep(r)) out.push(r);
    return out;
  }

  override isEmpty(): boolean {
    return this.kept().length === 0;
  }

  override get length(): number {
    return this.kept().length;
  }

  override [Symbol.iterator](): IterableIterator<GcRoot> {
    return this.kept()[Symbol.iterator]();
  }
}

/** Wraps `inner` so every collection it starts drops the outer frames' stack roots. */
export function forgetOuterStackRoots(inner: GcRuntime): GcRuntime {
  return forgetRoots(inner, 'forget-outer-stack-roots', (r) => !(r.isOnWasmStack() && r.frameDepth > 0));
}

/** Wraps `inner` so every collection it starts sees only the roots `keep` accepts; named `<inner>-<suffix>`. */
export function forgetRoots(inner: GcRuntime, suffix: string, keep: (r: GcRoot) => boolean): GcRuntime {
  const runtime: GcRuntime = {
    name: `${inner.name}-${suffix}`,
    reclaims: inner.reclaims,
    moving: inner.moving,
    newGcHeap(config: GcHeapConfig): GcHeap {
      const heap = inner.newGcHeap(config);
      // Methods assigned on the wrapper (an oracle interposing on the heap's calls) stay on it, so
      // they wrap the filtering `gc` rather than replacing the target's own method underneath it.
      const assigned = new Map<string | symbol, unknown>();
      return new Proxy(heap, {
        set(_target, prop, value) {
          assigned.set(prop, value);
          return true;
        },
        get(target, prop) {
          if (assigned.has(prop)) return assigned.get(prop);
          if (prop === 'runtime') return runtime;
          if (prop === 'gc') {
            return (roots: GcRootsList, hostData: ExternRefHostDataTable): GarbageCollection => target.gc(new FilteredRoots(roots, keep), hostData);
          }
          const v: unknown = Reflect.get(target, prop, target);
          return typeof v === 'function' ? v.bind(target) : v;
        },
      });
    },
  };
  return runtime;
}

const innerName = (process.env['GCFUZZ_BROKEN_INNER'] ?? 'copying') as BuiltinCollectorName;
const collector: GcRuntime = forgetOuterStackRoots(builtinCollectors[innerName] ?? builtinCollectors.copying);
export default collector;
export { collector };
