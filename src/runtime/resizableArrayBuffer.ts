import { allBytesAre } from './byteRun';

/**
 * An ES2024 resizable `ArrayBuffer` (`new ArrayBuffer(n, { maxByteLength })`). The project's lib
 * setting is ES2023, so the type is declared here; Node 20+ implements it. One buffer per heap:
 * growing it in place keeps `vmctxGcHeapBase()` the same object for the heap's whole life.
 */
export interface ResizableArrayBuffer extends ArrayBuffer {
  readonly maxByteLength: number;
  readonly resizable: boolean;
  resize(newByteLength: number): void;
}

type ResizableArrayBufferConstructor = new (byteLength: number, options: { maxByteLength: number }) => ResizableArrayBuffer;

/**
 * Buffers of finished runs, lent again to later ones: creating a resizable buffer reserves its
 * maximum from the OS and costs tens of microseconds of (mostly system) CPU, several times a case
 * (every store's heap, the bystander's, each Wasm memory), which a coverage-guided exec cannot
 * afford. A buffer is lent by `newResizableArrayBuffer` only inside `withBufferArena`, and comes
 * back when that call returns: whatever was built on it inside is dead by then (the caller's
 * promise), so each live heap still owns one buffer. A reused buffer is resized to the requested
 * length and zero-filled, so nothing of an earlier run is observable.
 *
 * A runtime that keeps a dead store's heap (state shared across stores) may still write into it.
 * Without an arena such a write lands in memory nobody reads; here it must not land in a later
 * run's live heap. So a returned buffer sits out the next run, filled with CANARY, and is lent
 * again only if that run left it untouched; one that was written (or resized) is dropped, as a
 * fresh buffer would have been.
 */
export class ResizableBufferArena {
  /** Free buffers by `byteLength:maxByteLength` when lent (most come back at that length: resizing costs system calls), at most `keep` each. */
  private readonly free = new Map<string, ResizableArrayBuffer[]>();
  private lent: Lent[] = [];
  /** The previous run's buffers, CANARY-filled, with their byteLength then. */
  private resting: Lent[] = [];

  constructor(private readonly keep = 8) {}

  take(byteLength: number, maxByteLength: number): ResizableArrayBuffer {
    const key = `${byteLength}:${maxByteLength}`;
    const b = this.free.get(key)?.pop();
    let buffer: ResizableArrayBuffer;
    if (b === undefined) {
      buffer = newBuffer(byteLength, maxByteLength);
    } else {
      if (b.byteLength !== byteLength) b.resize(byteLength);
      new Uint8Array(b).fill(0);
      buffer = b;
    }
    this.lent.push({ key, buffer, byteLength: 0 });
    return buffer;
  }

  /** The previous run's buffers that nothing wrote are free again; this run's rest through the next. */
  reclaim(): void {
    for (const r of this.resting) {
      if (r.buffer.byteLength !== r.byteLength || !allBytesAre(r.buffer, 0, r.byteLength, CANARY)) continue;
      const list = this.free.get(r.key) ?? [];
      if (list.length < this.keep) list.push(r.buffer);
      this.free.set(r.key, list);
    }
    for (const l of this.lent) {
      new Uint8Array(l.buffer).fill(CANARY);
      l.byteLength = l.buffer.byteLength;
    }
    this.resting = this.lent;
    this.lent = [];
  }
}

interface Lent {
  readonly key: string;
  readonly buffer: ResizableArrayBuffer;
  byteLength: number;
}

/** What a resting buffer holds; any other byte was written after its heap died. */
const CANARY = 0xa5;

let arena: ResizableBufferArena | null = null;

/**
 * Runs `run` with buffers lent from `a`, and takes them back when it returns or throws. Nothing
 * made inside may be used after: the next call hands its buffers to new heaps.
 */
export function withBufferArena<T>(a: ResizableBufferArena, run: () => T): T {
  const outer = arena;
  if (outer === a) return run(); // nested: the outermost call takes the buffers back
  arena = a;
  try {
    return run();
  } finally {
    arena = outer;
    a.reclaim();
  }
}

function newBuffer(byteLength: number, maxByteLength: number): ResizableArrayBuffer {
  const Ctor = ArrayBuffer as unknown as ResizableArrayBufferConstructor;
  return new Ctor(byteLength, { maxByteLength });
}

/** A zero-filled resizable buffer of `byteLength` bytes that may grow up to `maxByteLength` (lent by the current arena, if any). */
export function newResizableArrayBuffer(byteLength: number, maxByteLength: number): ResizableArrayBuffer {
  return arena === null ? newBuffer(byteLength, maxByteLength) : arena.take(byteLength, maxByteLength);
}
