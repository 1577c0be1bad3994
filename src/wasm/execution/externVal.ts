import type { FuncInstance } from './funcInstance';
import type { TableInstance } from './tableInstance';
import type { MemInstance } from './memInstance';
import type { GlobalInstance } from './globalInstance';
import type { TagInstance } from './tagInstance';

/** Spec 4.2.12 external value: what an import is bound to and an export names. `externKind` tells them apart. */
export type ExternVal = FuncInstance | TableInstance | MemInstance | GlobalInstance | TagInstance;

/**
 * The imports of one instantiation: `imports[module][name]`. A module instance's `exports` can be
 * used directly as one entry (spec test `register`).
 */
export type Imports = Readonly<Record<string, Readonly<Record<string, ExternVal>> | ReadonlyMap<string, ExternVal>>>;

/** The external value bound to `module.name`, or undefined. Own properties only. */
export function lookupImport(imports: Imports, module: string, name: string): ExternVal | undefined {
  if (!Object.prototype.hasOwnProperty.call(imports, module)) return undefined;
  const ns = imports[module]!;
  if (ns instanceof Map) return ns.get(name);
  const rec = ns as Readonly<Record<string, ExternVal>>;
  return Object.prototype.hasOwnProperty.call(rec, name) ? rec[name] : undefined;
}
