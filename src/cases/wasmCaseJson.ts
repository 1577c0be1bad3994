import type { WasmCase } from './wasmCase';

/**
 * A WasmCase as JSON and back. The module AST holds bigints (i64 immediates) and Uint8Arrays (data
 * segments, custom sections), which are tagged: `{"$bigint": "..."}`, `{"$bytes": "<base64>"}`.
 * `wasmCaseFromJson(wasmCaseToJson(c))` is deep-equal to `c`.
 */
export function wasmCaseToJson(c: WasmCase, space?: number): string {
  return JSON.stringify(c, (_k, v: unknown) => {
    if (typeof v === 'bigint') return { $bigint: v.toString() };
    if (v instanceof Uint8Array) return { $bytes: Buffer.from(v).toString('base64') };
    if (typeof v === 'number' && !Number.isFinite(v)) return { $number: String(v) };
    if (typeof v === 'number' && Object.is(v, -0)) return { $number: '-0' };
    return v;
  }, space);
}

export function wasmCaseFromJson(text: string): WasmCase {
  return JSON.parse(text, (_k, v: unknown) => {
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
      const keys = Object.keys(v);
      if (keys.length === 1) {
        const o = v as Record<string, unknown>;
        if (typeof o.$bigint === 'string') return BigInt(o.$bigint);
        if (typeof o.$bytes === 'string') return new Uint8Array(Buffer.from(o.$bytes, 'base64'));
        if (typeof o.$number === 'string') return Number(o.$number);
      }
    }
    return v;
  }) as WasmCase;
}
