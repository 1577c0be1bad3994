import type { Data, Elem, Module } from '../syntax/module';
import type { RecType, RefType, SubType } from '../syntax/types';

/**
 * Binary layout choices that the abstract syntax does not record, remembered for the objects
 * `decodeModule` creates so that `encodeModule` reproduces the input byte for byte. Where the
 * binary format offers equivalent encodings (spec 5.3, 5.5) these are: which element or data
 * segment form was used, a rec group of one written with `0x4E`, a sub type written with an
 * explicit `0x4F`/`0x50` prefix, a nullable abstract reference type written as `0x63 ht`, and the
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

/** The section ids in input order, custom sections included (as 0), one entry per section. */
export const sectionOrders = new WeakMap<Module, readonly number[]>();
