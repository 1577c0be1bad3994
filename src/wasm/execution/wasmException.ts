import type { WasmStore } from './wasmStore';

/**
 * A Wasm exception unwinding through JS frames (exception handling, spec 4.4.x `throw`): thrown by
 * `throw`, `throw_ref` and host functions (`WasmStore.throwException`), caught by the
 * interpreter's `try_table` handlers. It carries no ref: the exception object is the store's
 * pending exception (a GC root) until a handler takes it or the host does
 * (`WasmStore.takePendingException`). Not a Trap: `try_table` catches it, and a trap is never caught.
 */
export class WasmException extends Error {
  constructor(readonly store: WasmStore) {
    super('uncaught Wasm exception');
    this.name = 'WasmException';
  }
}
