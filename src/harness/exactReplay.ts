import { UsageError } from '../errors/UsageError';
import type { FuzzTarget } from './fuzzTarget';

/**
 * Rejects a serialised case that `target.deserialise` would change (UsageError, exit 2, naming
 * the first differing JSON path, e.g. `case.ops[3].h`). A target whose deserialise runs a fixup
 * (every input becomes a valid case) uses this as its `validateExact`, so a reproducer a person
 * edited replays exactly as written or not at all: an op naming handle 99, field 7 of a 2-field
 * struct, an unknown op or `heapBytes: -5` is refused instead of silently becoming another case.
 * The fixup runs on a deep copy, so a fixup that mutates its input cannot hide a change.
 */
export function exactUnderFixup<C>(target: FuzzTarget<C>, json: unknown): void {
  const fixed: unknown = JSON.parse(JSON.stringify(target.serialise(target.deserialise(structuredClone(json)))));
  const d = firstDifference(json, fixed, 'case');
  if (d !== null) {
    throw new UsageError(`${d.path} is ${show(d.written)} but a valid ${target.name} case has ${show(d.fixed)} there: the case does not replay as written (fix the field, or remove the edit)`);
  }
}

const ABSENT = Symbol('absent');

/** The first place (depth first, in the written order) where `written` and `fixed` differ. */
export function firstDifference(written: unknown, fixed: unknown, at: string): { path: string; written: unknown; fixed: unknown } | null {
  if (Object.is(written, fixed)) return null;
  if (Array.isArray(written) && Array.isArray(fixed)) {
    for (let i = 0; i < Math.max(written.length, fixed.length); i++) {
      const d = firstDifference(i < written.length ? written[i] : ABSENT, i < fixed.length ? fixed[i] : ABSENT, `${at}[${i}]`);
      if (d !== null) return d;
    }
    return null;
  }
  if (isRecord(written) && isRecord(fixed)) {
    const keys = [...Object.keys(written), ...Object.keys(fixed).filter((k) => !(k in written))];
    for (const k of keys) {
      const d = firstDifference(k in written ? written[k] : ABSENT, k in fixed ? fixed[k] : ABSENT, /^[A-Za-z_$][\w$]*$/.test(k) ? `${at}.${k}` : `${at}[${JSON.stringify(k)}]`);
      if (d !== null) return d;
    }
    return null;
  }
  return { path: at, written, fixed };
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function show(v: unknown): string {
  if (v === ABSENT) return 'absent';
  const s = JSON.stringify(v);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}
