import * as fs from 'node:fs';
import { UsageError } from '../../../errors/UsageError';
import { printModule } from '../../../wasm/text/printModule';
import { loadWatParser } from '../../../wasm/text/parseWat';
import { readReproducer } from '../../reproducer';
import { wasmTarget } from '../wasmTarget';
import { scriptFor } from './moduleFileReproducer';

/**
 * `npm run wat -- X.json`: writes the module of wasm reproducer X.json as WAT to X.wat beside it
 * (after checking the reproducer's parts agree), for a person to edit and replay with
 * `npm run replay -- X.wat`. Exit 0 on success, 2 on a bad or corrupt file.
 */
async function main(argv: readonly string[]): Promise<number> {
  if (argv.length !== 1 || argv[0] === '--help' || argv[0] === '-h') {
    process.stdout.write('usage: npm run wat -- REPRODUCER.json   (writes REPRODUCER.wat beside it; edit it, then npm run replay -- REPRODUCER.wat)\n');
    return argv.length === 1 ? 0 : 2;
  }
  const file = argv[0]!;
  if (!file.endsWith('.json')) throw new UsageError(`${file}: expected a reproducer .json file`);
  await loadWatParser();
  const r = readReproducer(file);
  if (r.target !== wasmTarget.name) throw new UsageError(`${file} is a ${r.target} reproducer, not a wasm one`);
  const c = wasmTarget.deserialise(r.case);
  const out = file.replace(/\.json$/, '.wat');
  if (scriptFor(out) !== file) throw new UsageError(`${file}: cannot name the WAT file`);
  fs.writeFileSync(out, printModule(c.wasm.module));
  process.stdout.write(`wrote ${out}\nedit it, then: npm run replay -- ${out}\n`);
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`gcfuzz wat: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = e instanceof UsageError ? 2 : 3;
    },
  );
}
