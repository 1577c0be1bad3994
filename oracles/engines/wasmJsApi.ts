/**
 * The part of the WebAssembly JS API (https://webassembly.github.io/spec/js-api/) the V8 engine
 * uses, typed here because the project's `lib` (es2023, no DOM) does not declare it. Node 22's V8
 * implements it with Wasm GC enabled.
 */
export interface WasmModuleObject {
  readonly __wasmModule: unique symbol;
}

export interface WasmInstanceObject {
  readonly exports: Readonly<Record<string, unknown>>;
}

export interface WasmGlobalObject {
  readonly value: unknown;
}

export interface WasmTableObject {
  readonly length: number;
  get(index: number): unknown;
}

export interface WasmTagObject {
  readonly __wasmTag: unique symbol;
}

/** A Wasm exception as JavaScript sees it (exception handling JS API: `WebAssembly.Exception`). */
export interface WasmExceptionObject {
  is(tag: WasmTagObject): boolean;
  getArg(tag: WasmTagObject, index: number): unknown;
}

export interface WasmJsApi {
  validate(bytes: Uint8Array): boolean;
  readonly Module: new (bytes: Uint8Array) => WasmModuleObject;
  readonly Instance: new (module: WasmModuleObject, imports: Readonly<Record<string, Readonly<Record<string, unknown>>>>) => WasmInstanceObject;
  readonly Global: abstract new (...args: never[]) => WasmGlobalObject;
  readonly Table: abstract new (...args: never[]) => WasmTableObject;
  readonly Tag: abstract new (...args: never[]) => WasmTagObject;
  readonly Exception: abstract new (...args: never[]) => WasmExceptionObject;
  readonly RuntimeError: abstract new (...args: never[]) => Error;
  readonly CompileError: abstract new (...args: never[]) => Error;
  readonly LinkError: abstract new (...args: never[]) => Error;
}

/** Node's `WebAssembly` global. */
export const wasmJsApi: WasmJsApi = Reflect.get(globalThis, 'WebAssembly') as WasmJsApi;
