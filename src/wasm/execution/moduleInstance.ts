import { InvariantError } from '../../errors/InvariantError';
import type { ValidatedModule } from '../validation/validatedModule';
import type { FuncInstance } from './funcInstance';
import type { TableInstance } from './tableInstance';
import type { MemInstance } from './memInstance';
import type { GlobalInstance } from './globalInstance';
import type { TagInstance } from './tagInstance';
import type { ElemInstance } from './elemInstance';
import type { DataInstance } from './dataInstance';
import type { ExternVal } from './externVal';

/**
 * Spec 4.2.5 module instance: the index spaces of one instantiation (imports first), resolved to
 * instances, and its exports. `typeIds` maps module type indices to canonical ids.
 */
export class ModuleInstance {
  readonly funcs: FuncInstance[] = [];
  readonly tables: TableInstance[] = [];
  readonly mems: MemInstance[] = [];
  readonly globals: GlobalInstance[] = [];
  readonly tags: TagInstance[] = [];
  readonly elems: ElemInstance[] = [];
  readonly datas: DataInstance[] = [];
  readonly exports = new Map<string, ExternVal>();

  constructor(readonly validated: ValidatedModule) {}

  get typeIds(): readonly number[] {
    return this.validated.typeIds;
  }

  /** The export `name`, or undefined. */
  getExport(name: string): ExternVal | undefined {
    return this.exports.get(name);
  }

  /** The exported function `name`; InvariantError when absent or not a function. */
  getFunc(name: string): FuncInstance {
    const e = this.exports.get(name);
    if (e === undefined || e.externKind !== 'func') throw new InvariantError('export', `no exported function "${name}"`);
    return e;
  }
}
