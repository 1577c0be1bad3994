import * as fs from 'node:fs';
import { UsageError } from '../../../errors/UsageError';
import { readReproducer, type Reproducer } from '../../reproducer';
import { wasmTarget } from '../wasmTarget';

/** Whether `file` is a module a person may replay on its own: WAT text or a Wasm binary. */
export function isModuleFile(file: string): boolean {
  return /\.(wat|wasm)$/i.test(file);
}

/** The invocation script that goes with a module file: the reproducer JSON of the same name beside it. */
export function scriptFor(file: string): string {
  return file.replace(/\.(wat|wasm)$/i, '.json');
}

/**
 * A reproducer that runs the module in `file` (`.wat` text or `.wasm` binary) with the script of
 * the reproducer JSON beside it (same name, `.json`): its target, collectors, engines, zeal,
 * invocations and host behaviour. The module parts of that JSON are ignored: the file is the
 * module. This is how a person tests a hypothesis: `npm run wat -- X.json` writes X.wat, they
 * edit it, and `npm run replay -- X.wat` runs the edited module (exit 1 still failing, 0 fixed).
 */
export function reproducerForModuleFile(file: string): Reproducer {
  const scriptFile = scriptFor(file);
  if (!fs.existsSync(scriptFile)) throw new UsageError(`no invocation script for ${file}: expected the reproducer ${scriptFile} beside it`);
  const script = readReproducer(scriptFile);
  if (script.target !== wasmTarget.name) throw new UsageError(`${scriptFile} is a ${script.target} reproducer, not a wasm one`);
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as Error).message}`);
  }
  const old = (typeof script.case === 'object' && script.case !== null ? script.case : {}) as Record<string, unknown>;
  const inner = (typeof old['case'] === 'object' && old['case'] !== null ? old['case'] : {}) as Record<string, unknown>;
  const c: Record<string, unknown> = {
    engines: old['engines'],
    gcEveryNAllocs: old['gcEveryNAllocs'],
    invocations: old['invocations'] ?? inner['invocations'],
    host: old['host'] ?? inner['host'],
    ...(/\.wat$/i.test(file) ? { wat: bytes.toString('utf8') } : { wasm: bytes.toString('base64') }),
  };
  const size = wasmTarget.size(wasmTarget.deserialise(c));
  return { ...script, case: c, size, minimised: false };
}
