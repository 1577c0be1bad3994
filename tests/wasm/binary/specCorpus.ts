import * as path from 'node:path';
import { specBinaries, type SpecBinary } from '../../../src/wasm/spec/specBinaries';

/** The spec binaries, loaded once per test file. */
export const SPEC: readonly SpecBinary[] = specBinaries();

/** Commands whose module must be well-formed (it is then valid or not, linkable or not). */
export const WELL_FORMED_COMMANDS: ReadonlySet<string> = new Set([
  'module',
  'module_definition',
  'assert_invalid',
  'assert_unlinkable',
  'assert_uninstantiable',
]);

/**
 * Well-formed spec modules that use an out-of-scope feature, which the decoder rejects by design
 * with "<feature> is not supported". None remain: exnref is
 * decoded as a type (its one value is null).
 */
export const OUT_OF_SCOPE_MODULES: ReadonlyMap<string, string> = new Map();

export function baseName(b: SpecBinary): string {
  return path.basename(b.file);
}

/** The well-formed, in-scope spec binaries. */
export function decodableSpecBinaries(): SpecBinary[] {
  return SPEC.filter((b) => WELL_FORMED_COMMANDS.has(b.command) && !OUT_OF_SCOPE_MODULES.has(baseName(b)));
}
