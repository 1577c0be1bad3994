import { Store, type Handle } from '../../../runtime/store';
import type { GcRuntime } from '../../../runtime/gcHeap';
import type { GcRef } from '../../../runtime/gcRef';
import { GcTypeRegistry } from '../../../runtime/gcTypes';
import { storeFingerprint } from '../../../../oracles/storeFingerprint';

/** Host objects of a bystander store: recognisable, never equal to a case's host objects. */
interface BystanderHost {
  readonly bystander: number;
}

/**
 * A second store on the same collector, built once with a small fixed graph (two structs on a
 * cycle, one holding an externref, plus an i31): the "other heap" of the sandbox oracle. Forged
 * "foreign" refs come from it, and its fingerprint must never change while the case's store is
 * attacked.
 */
export class Bystander {
  readonly store: Store;
  readonly types = new GcTypeRegistry();
  private readonly handles: Handle[] = [];
  private readonly hosts = new Set<BystanderHost>();
  readonly baseline: string;

  constructor(collector: GcRuntime) {
    const node = this.types.register({
      kind: 'struct',
      fields: [
        { storage: { kind: 'ref', nullable: true, heap: 0 }, mutable: true },
        { storage: 'i32', mutable: true },
        { storage: { kind: 'ref', nullable: true, heap: 'extern' }, mutable: true },
        { storage: { kind: 'ref', nullable: true, heap: 'any' }, mutable: true },
      ],
    });
    this.store = new Store({ collector, initialHeapBytes: 1024, maxHeapBytes: 4096, types: this.types });
    const s = this.store;
    const host: BystanderHost = { bystander: 1 };
    this.hosts.add(host);
    const e = s.root(s.allocExternref(host), true);
    const a = s.root(s.allocStruct(node), true);
    const b = s.root(s.allocStruct(node), true);
    this.handles.push(a, b, e);
    s.heap.structSet(s.hostData, s.get(a), 0, s.get(b));
    s.heap.structSet(s.hostData, s.get(b), 0, s.get(a));
    s.heap.structSet(s.hostData, s.get(a), 1, 0x5a5a5a5a);
    s.heap.structSet(s.hostData, s.get(b), 1, -1);
    s.heap.structSet(s.hostData, s.get(a), 2, s.get(e));
    s.heap.structSet(s.hostData, s.get(b), 3, 0x7ff);
    this.baseline = this.fingerprint();
  }

  /** Raw refs of its objects (valid in this store only). */
  refs(): GcRef[] {
    return this.handles.map((h) => this.store.get(h));
  }

  ownsHost(v: unknown): boolean {
    return this.hosts.has(v as BystanderHost);
  }

  fingerprint(): string {
    const s = this.store;
    return storeFingerprint(s.heap, this.types, s.hostData, { handles: this.refs(), globals: [], tables: [], frames: [] }, (v) =>
      this.ownsHost(v) ? `bystander${(v as BystanderHost).bystander}` : `?${typeof v}`,
    );
  }
}
