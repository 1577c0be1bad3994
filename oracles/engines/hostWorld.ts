import type { ArgValue, HostBehaviour } from '../../src/cases/wasmCase';
import type { HostCall, ValueSummary } from './outcome';

/** A host object handed to Wasm as an externref. Frozen; its identity is what the oracles compare. */
export interface HostObject {
  readonly hostId: number;
}

/**
 * The host side of one case run, shared by every engine so host behaviour is identical: the host
 * objects (ids 1, 2, ... in creation order, from script arguments and `make_extern`), and the
 * trace of host calls of the current step.
 */
export class HostWorld {
  private readonly objects: HostObject[] = [];
  private readonly ids = new Map<object, number>();
  private calls: HostCall[] = [];

  constructor(readonly behaviour: HostBehaviour) {}

  get count(): number {
    return this.objects.length;
  }

  /** A new host object (`make_extern`, script `fresh`). */
  make(): HostObject {
    const o: HostObject = Object.freeze({ hostId: this.objects.length + 1 });
    this.objects.push(o);
    this.ids.set(o, o.hostId);
    return o;
  }

  /** The `i % count`-th host object (i read as unsigned), or null when none exists (`pick_extern`). */
  pick(i: number): HostObject | null {
    if (this.objects.length === 0) return null;
    return this.objects[(i >>> 0) % this.objects.length]!;
  }

  /** The host id of `v` when it is one of this world's host objects. */
  idOf(v: unknown): number | undefined {
    return typeof v === 'object' && v !== null ? this.ids.get(v) : undefined;
  }

  /** Every host object made so far, by id - 1. */
  all(): readonly HostObject[] {
    return this.objects;
  }

  /** The host object (or null) a script externref argument stands for. */
  externArg(a: Extract<ArgValue, { t: 'externref' }>): HostObject | null {
    if (a.ref === 'null') return null;
    if (a.ref === 'fresh') return this.make();
    return this.pick(a.ref.reuse);
  }

  record(fn: string, args: readonly ValueSummary[]): void {
    this.calls.push({ fn, args });
  }

  /** The host calls since the last `takeCalls`. */
  takeCalls(): HostCall[] {
    const c = this.calls;
    this.calls = [];
    return c;
  }
}
