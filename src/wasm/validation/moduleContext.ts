import type { TypeCanon } from './typeCanon';

/**
 * The validation context C of spec 3.1.6 as the instruction validator needs it, with every type
 * already canonical: value types are codes of ./typeCode, type indices resolved through `typeIds`.
 * Built once per module by `validateModule`.
 */
export interface ModuleContext {
  readonly canon: TypeCanon;
  /** C.types: module type index -> canonical id. */
  readonly typeIds: readonly number[];
  /** C.funcs: function index -> canonical id of its (function) type. */
  readonly funcTypeIds: readonly number[];
  /** C.tables: element reference type code per table. */
  readonly tableElems: readonly number[];
  /** |C.mems|. */
  readonly memCount: number;
  /** C.globals: value type code and mutability per global. */
  readonly globalTypes: readonly number[];
  readonly globalMutable: readonly boolean[];
  /** C.elems: reference type code per element segment. */
  readonly elemTypes: readonly number[];
  /** |C.datas|. */
  readonly dataCount: number;
  /** Whether the module has a data count section (required by instructions naming data segments, spec 5.5.16). */
  readonly hasDataCount: boolean;
  /** C.tags: tag index -> canonical id of its (function) type, whose params are the payload. */
  readonly tagTypeIds: readonly number[];
  /** C.refs: function indices that `ref.func` may name inside function bodies (spec 3.4.10). */
  readonly refs: ReadonlySet<number>;
}
