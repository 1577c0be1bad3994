import type { Op } from './opCase';
import type { ByteReader } from './opBytes';
import { NODE_TYPE } from './caseShape';
import { h, field, GC } from './snippetParts';

/**
 * Scoped handles made inside a scope, linked into an outer object, released by leaving the scope.
 * Before the random ops: a second scoped object S2 is cloned into an owned handle, written into
 * the first scoped handle (whose object the outer field still holds), and its own scoped handle,
 * the innermost, is dropped (its slot trimmed); then the first scoped handle is dropped inside a
 * nested scope: scoped-handle writes, clones and trimming, which random ops rarely reach (their
 * handles are mostly owned). `inner` are the random ops run inside the outer scope (drawn before
 * this snippet's own bits).
 */
export function scopeSnippet(r: ByteReader, inner: readonly Op[]): Op[] {
  const gc = r.bit();
  return [
    { op: 'newStruct', type: NODE_TYPE, owned: true },
    { op: 'enterScope' },
    { op: 'newStruct', type: NODE_TYPE, owned: false },
    { op: 'writeRef', dst: field(1, 0), val: h(0) },
    // Handles: S2's clone (h0), S2 (h1), S (h2), the outer object (h3).
    { op: 'newStruct', type: NODE_TYPE, owned: false },
    { op: 'clone', h: 0, owned: true },
    { op: 'writeRef', dst: { s: 'handle', h: 2 }, val: h(1) },
    { op: 'drop', h: 1 },
    // An inner scope: the outer scope's top scoped handle (now h1) is dropped inside it, leaving a
    // hole just below the inner scope's start, which trimming must not pass; the inner scope's own
    // handle must still be released when it exits.
    { op: 'enterScope' },
    { op: 'drop', h: 1 },
    { op: 'newStruct', type: NODE_TYPE, owned: false },
    { op: 'exitScope' },
    GC,
    ...inner,
    { op: 'exitScope' },
    ...(gc ? [GC] : []),
    { op: 'read', src: field(1, 0), signed: false, keep: 'no' },
  ];
}
