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

/** A zero-filled resizable buffer of `byteLength` bytes that may grow up to `maxByteLength`. */
export function newResizableArrayBuffer(byteLength: number, maxByteLength: number): ResizableArrayBuffer {
  const Ctor = ArrayBuffer as unknown as ResizableArrayBufferConstructor;
  return new Ctor(byteLength, { maxByteLength });
}
