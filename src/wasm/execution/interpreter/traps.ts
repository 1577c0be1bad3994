import { Trap } from '../../../errors/Trap';
import { OutOfMemoryError } from '../../../errors/OutOfMemoryError';

/**
 * Trap constructors with the reference interpreter's messages (spec test `assert_trap` texts), so
 * every site throws the same kind and wording.
 */
export const trapUnreachable = (): Trap => new Trap('unreachable', 'unreachable executed');
export const trapMemoryOob = (): Trap => new Trap('out of bounds memory access');
export const trapTableOob = (): Trap => new Trap('out of bounds table access');
export const trapArrayOob = (): Trap => new Trap('out of bounds array access');
export const trapNullStruct = (): Trap => new Trap('null reference', 'null structure reference');
export const trapNullArray = (): Trap => new Trap('null reference', 'null array reference');
export const trapNullI31 = (): Trap => new Trap('null reference', 'null i31 reference');
export const trapNullFunc = (): Trap => new Trap('null reference', 'null function reference');
export const trapNullRef = (): Trap => new Trap('null reference', 'null reference');
export const trapNullExn = (): Trap => new Trap('null reference', 'null exception reference');
export const trapCastFailure = (): Trap => new Trap('cast failure');
export const trapIndirectMismatch = (): Trap => new Trap('indirect call type mismatch');
/** call_indirect of a null entry at table index `i` (the reference interpreter names the index, as a signed i32). */
export const trapUninitializedElement = (i: number): Trap => new Trap('uninitialized element', `uninitialized element ${i | 0}`);
/** call_indirect past the end of the table, at index `i`. */
export const trapUndefinedElement = (i: number): Trap => new Trap('undefined element', `undefined element ${i | 0}`);
export const trapStackExhausted = (): Trap => new Trap('call stack exhausted');
export const trapOutOfFuel = (): Trap => new Trap('out of fuel');

/** An allocation failure inside Wasm becomes a trap (Wasmtime: "GC heap out of memory"). */
export function asAllocationTrap(e: unknown): unknown {
  return e instanceof OutOfMemoryError ? new Trap('out of memory', e.message) : e;
}
