import type { Op, RefValue, Slot } from './opCase';

/** Handle `n` of the case (0 = the newest), as an op operand: indices inside a snippet are relative, so they hold under fixup. */
export const h = (n: number): RefValue => ({ v: 'slot', slot: { s: 'handle', h: n } });
/** Field `f` of handle `hh`'s object, as an op slot. */
export const field = (hh: number, f: number): Slot => ({ s: 'field', h: hh, f });
/** `n` drops of the newest handle. */
export const drops = (n: number): Op[] => Array.from({ length: n }, (): Op => ({ op: 'drop', h: 0 }));
/** A full collection. */
export const GC: Op = { op: 'gc' };
