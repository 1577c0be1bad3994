import type { Data, Elem, Module } from '../syntax/module';
import type { RecType, RefType, SubType } from '../syntax/types';
import type { MemArg } from '../syntax/instructions';

/**
 * Binary layout choices that the abstract syntax does not record, remembered for the objects
 * `decodeModule` creates so that `encodeModule` reproduces the input byte for byte. Where the
 * binary format offers equivalent encodings (spec 5.3, 5.5) these are: which element or data
 * segment form was used, a rec group of one written with `0x4E`, a sub type written with an
 * explicit `0x4F`/`0x50` prefix, a nullable abstract reference type written as `0x63 ht`, a memarg
 * with an explicit memory index 0 or an offset too large for a double, and the
 * order of sections (custom sections' placement, empty sections).
 *
 * Keyed by object identity (weakly): a module built or rebuilt by other code has no entries and is
 * encoded canonically. The entries carry no meaning; nothing but the encoder may depend on them.
 */
export const elemForms = new WeakMap<Elem, number>();
export const dataForms = new WeakMap<Data, number>();
export const explicitRecGroups = new WeakSet<RecType>();
export const explicitSubTypes = new WeakSet<SubType>();
export const longFormRefTypes = new WeakSet<RefType>();
/** Memargs written with the memory-index flag (bit 6) and an explicit memory index 0. */
export const explicitMemIndex = new WeakSet<MemArg>();
/** Memarg offsets above 2^53 (invalid, but well-formed), exactly as written; `offset` holds them rounded. */
export const exactOffsets = new WeakMap<MemArg, bigint>();

/** The section ids in input order, custom sections included (as 0), one entry per section. */
export const sectionOrders = new WeakMap<Module, readonly number[]>();
