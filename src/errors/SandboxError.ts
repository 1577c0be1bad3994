import { GcfuzzError } from './GcfuzzError';

/**
 * A GC ref that does not name a valid object in *this* heap (seed: GcHeap safety section; Wasmtime
 * reports it as the GcHeapCorrupt trap). Raised before any byte is read or written, so the
 * faulting access never leaves the heap's own ArrayBuffer.
 */
export type SandboxViolation =
  | 'null' | 'i31' | 'misaligned' | 'out of bounds' | 'bad header' | 'freed' | 'wrong kind'
  | 'field out of bounds' | 'bad host data id';

export class SandboxError extends GcfuzzError {
  static override readonly stackless = true;
  readonly phase = 'sandbox' as const;
  constructor(readonly violation: SandboxViolation, readonly ref: number, detail = '') {
    super(`GC heap sandbox violation: ${violation} ref 0x${(ref >>> 0).toString(16)}${detail ? ` (${detail})` : ''}`);
  }
}
