/**
 * What one op visibly did, as the differential and incremental-vs-full oracles compare it: the
 * value it read or returned, or the kind of error it raised. Refs are compared by the identity of
 * the model object they name (`id`), never by address; a run without the model has no identities
 * (`id` undefined). `uncompared` marks an op whose outcome may legitimately differ
 * (allowedDifferences.ts, item 2).
 */
export type Observation =
  | { readonly k: 'ok' }
  | { readonly k: 'uncompared' }
  | { readonly k: 'error'; readonly kind: string }
  | { readonly k: 'null' }
  | { readonly k: 'i31'; readonly n: number }
  | { readonly k: 'object'; readonly id: number | undefined }
  | { readonly k: 'num'; readonly v: number | bigint }
  | { readonly k: 'host'; readonly serial: number | undefined }
  | { readonly k: 'test'; readonly ok: boolean };

export const OK: Observation = Object.freeze({ k: 'ok' });
export const UNCOMPARED: Observation = Object.freeze({ k: 'uncompared' });
export const NULL: Observation = Object.freeze({ k: 'null' });
const TEST_TRUE: Observation = Object.freeze({ k: 'test', ok: true });
const TEST_FALSE: Observation = Object.freeze({ k: 'test', ok: false });

export const obsError = (kind: string): Observation => ({ k: 'error', kind });
export const obsI31 = (n: number): Observation => ({ k: 'i31', n });
export const obsObject = (id: number | undefined): Observation => ({ k: 'object', id });
export const obsNum = (v: number | bigint): Observation => ({ k: 'num', v });
export const obsHost = (serial: number | undefined): Observation => ({ k: 'host', serial });
export const obsTest = (ok: boolean): Observation => (ok ? TEST_TRUE : TEST_FALSE);

/**
 * The one comparison of observations. `uncompared` matches anything. With `identity` false, two
 * objects match whatever their ids (a run without the model has none; identity is then covered by
 * the final-state fingerprint). Numbers match by value (NaN matches NaN; a bigint never matches a
 * number).
 */
export function sameObservation(a: Observation, b: Observation, identity: boolean): boolean {
  if (a === b || a.k === 'uncompared' || b.k === 'uncompared') return true;
  switch (a.k) {
    case 'ok':
    case 'null': return b.k === a.k;
    case 'error': return b.k === 'error' && b.kind === a.kind;
    case 'i31': return b.k === 'i31' && b.n === a.n;
    case 'object': return b.k === 'object' && (!identity || b.id === a.id);
    case 'num': return b.k === 'num' && (b.v === a.v || (typeof a.v === 'number' && typeof b.v === 'number' && a.v !== a.v && b.v !== b.v));
    case 'host': return b.k === 'host' && b.serial === a.serial;
    case 'test': return b.k === 'test' && b.ok === a.ok;
  }
}

/** For failure messages. */
export function showObservation(o: Observation): string {
  switch (o.k) {
    case 'ok': return 'ok';
    case 'uncompared': return '(not compared)';
    case 'error': return `error ${o.kind}`;
    case 'null': return 'null';
    case 'i31': return `i31 ${o.n}`;
    case 'object': return o.id === undefined ? 'an object' : `object #${o.id}`;
    case 'num': return typeof o.v === 'bigint' ? `${o.v}n` : String(o.v);
    case 'host': return o.serial === undefined ? 'a non-host value' : `host object #${o.serial}`;
    case 'test': return o.ok ? 'matches' : 'does not match';
  }
}
