import type { Handle } from '../../runtime/store';
import { GcKind, kindMatches } from '../../runtime/gcKind';
import { isHeapRef } from '../../runtime/gcRef';
import { f64ToI64Bits } from '../execution/numerics/bits';
import { FuncInstance } from '../execution/funcInstance';
import type { HostValue } from '../execution/hostFunc';
import type { WasmStore } from '../execution/wasmStore';
import type { SpecValue } from './specScript';

/**
 * Spec-script values (README "Values") <-> interpreter host values. Host references `N` are
 * externrefs whose host data is the number N, one per N per script, kept in owned handles so the
 * same N is always the same reference; `hostref N` is the same GcRef seen as `anyref`
 * (any.convert_extern keeps the ref).
 */
export class SpecHostRefs {
  private readonly byN = new Map<number, Handle>();

  constructor(private readonly ws: WasmStore) {}

  /** The handle of host reference N, allocated (and rooted, owned) on first use. */
  get(n: number): Handle {
    let h = this.byN.get(n);
    if (h === undefined) {
      const store = this.ws.store;
      h = store.root(store.allocExternref(n), true);
      this.byN.set(n, h);
    }
    return h;
  }
}

function str(v: SpecValue): string {
  if (typeof v.value !== 'string') throw new Error(`value of type ${v.type} has no scalar value`);
  return v.value;
}

/** An argument as a host value. */
export function specArg(v: SpecValue, refs: SpecHostRefs): HostValue {
  switch (v.type) {
    case 'i32': return Number(BigInt.asIntN(32, BigInt(str(v))));
    case 'i64': return BigInt.asIntN(64, BigInt(str(v)));
    case 'f32': return Number(str(v)) >>> 0;
    case 'f64': {
      const bits = BigInt.asIntN(64, BigInt(str(v)));
      const buf = new BigInt64Array([bits]);
      return new Float64Array(buf.buffer)[0]!;
    }
    case 'funcref':
    case 'externref':
    case 'anyref':
    case 'hostref':
    case 'refnull':
      if (v.value === undefined || v.value === 'null') return null;
      return refs.get(Number(str(v)));
    default:
      throw new Error(`unsupported argument type ${v.type}`);
  }
}

/** The host data number N of an externref object, or undefined for anything else. */
function hostRefNumber(ws: WasmStore, ref: number): number | undefined {
  if (!isHeapRef(ref) || ws.heap.headerKind(ref) !== GcKind.ExternRef) return undefined;
  const data = ws.hostData.get(ws.heap.externrefHostData(ref));
  return typeof data === 'number' ? data : undefined;
}

const F32_CANONICAL = 0x7fc00000;
const F64_EXP_QUIET = 0x7ff8000000000000n;

/** Why `actual` does not match `expected`, or null when it does. */
export function specMismatch(ws: WasmStore, expected: SpecValue, actual: HostValue): string | null {
  const show = (): string => describe(ws, actual);
  if (expected.type === 'either') {
    for (const alt of expected.values ?? []) if (specMismatch(ws, alt, actual) === null) return null;
    return `none of the alternatives matches ${show()}`;
  }
  const want = expected.value;
  switch (expected.type) {
    case 'i32':
      return typeof actual === 'number' && actual >>> 0 === Number(str(expected)) ? null : `expected i32 ${str(expected)}, got ${show()}`;
    case 'i64':
      return typeof actual === 'bigint' && BigInt.asUintN(64, actual) === BigInt(str(expected)) ? null : `expected i64 ${str(expected)}, got ${show()}`;
    case 'f32': {
      if (typeof actual !== 'number') return `expected f32, got ${show()}`;
      const bits = actual >>> 0;
      if (want === 'nan:canonical') return (bits & 0x7fffffff) === F32_CANONICAL ? null : `expected canonical f32 NaN, got ${show()}`;
      if (want === 'nan:arithmetic') return (bits & F32_CANONICAL) === F32_CANONICAL ? null : `expected arithmetic f32 NaN, got ${show()}`;
      return bits === Number(str(expected)) ? null : `expected f32 bits ${str(expected)}, got ${show()}`;
    }
    case 'f64': {
      if (typeof actual !== 'number') return `expected f64, got ${show()}`;
      const bits = BigInt.asUintN(64, f64ToI64Bits(actual));
      if (want === 'nan:canonical') return (bits & 0x7fffffffffffffffn) === F64_EXP_QUIET ? null : `expected canonical f64 NaN, got ${show()}`;
      if (want === 'nan:arithmetic') return (bits & F64_EXP_QUIET) === F64_EXP_QUIET ? null : `expected arithmetic f64 NaN, got ${show()}`;
      return bits === BigInt(str(expected)) ? null : `expected f64 bits ${str(expected)}, got ${show()}`;
    }
    case 'refnull':
      return actual === null ? null : `expected a null reference, got ${show()}`;
    case 'funcref':
      if (want === 'null') return actual === null ? null : `expected null funcref, got ${show()}`;
      return actual instanceof FuncInstance ? null : `expected a non-null funcref, got ${show()}`;
    default:
      break;
  }
  // GC references: the result is a Handle (or null).
  if (want === 'null') return actual === null ? null : `expected null ${expected.type}, got ${show()}`;
  if (actual === null || typeof actual !== 'object' || actual instanceof FuncInstance) return `expected a non-null ${expected.type}, got ${show()}`;
  const ref = ws.store.get(actual);
  switch (expected.type) {
    case 'externref':
    case 'hostref':
      if (want === undefined) return null;
      return hostRefNumber(ws, ref) === Number(want) ? null : `expected ${expected.type} ${String(want)}, got ${show()}`;
    case 'anyref':
      return null;
    case 'i31ref':
      return (ref & 1) === 1 ? null : `expected an i31ref, got ${show()}`;
    case 'eqref':
      return (ref & 1) === 1 || kindMatches(ws.heap.headerKind(ref), GcKind.EqRef) ? null : `expected an eqref, got ${show()}`;
    case 'structref':
      return isHeapRef(ref) && kindMatches(ws.heap.headerKind(ref), GcKind.StructRef) ? null : `expected a structref, got ${show()}`;
    case 'arrayref':
      return isHeapRef(ref) && kindMatches(ws.heap.headerKind(ref), GcKind.ArrayRef) ? null : `expected an arrayref, got ${show()}`;
    default:
      return `unsupported expected type ${expected.type}`;
  }
}

/** A readable form of a host value. */
export function describe(ws: WasmStore, v: HostValue): string {
  if (v === null) return 'null';
  if (typeof v === 'number') return `${v} (bits 0x${(v >>> 0).toString(16)})`;
  if (typeof v === 'bigint') return `${v}n`;
  if (v instanceof FuncInstance) return `func ${v.name}`;
  const ref = ws.store.get(v);
  if ((ref & 1) === 1) return `i31 ${ref >> 1}`;
  const n = hostRefNumber(ws, ref);
  if (n !== undefined) return `host ref ${n}`;
  return `ref 0x${ref.toString(16)} kind 0x${(ws.heap.headerKind(ref) >>> 26).toString(2)}`;
}
