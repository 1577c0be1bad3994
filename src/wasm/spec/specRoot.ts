import * as fs from 'node:fs';
import * as path from 'node:path';

/** The repository root: the nearest directory above this file holding package.json. */
function repoRoot(): string {
  let dir = __dirname;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${__dirname}`);
    dir = up;
  }
}

/**
 * The spec test folder (JSON scripts plus .wasm binaries, see its README): `$GCFUZZ_SPEC_DIR` if
 * set, else the copy vendored at `<repo>/tests/fixtures/spec` (WebAssembly/testsuite at the commit
 * its README names, Apache-2.0), so a fresh clone runs the suite with nothing beside it.
 * Works from sources and from compiled dist/ files alike.
 */
export function specRoot(): string {
  const env = process.env['GCFUZZ_SPEC_DIR'];
  if (env !== undefined && env !== '') return path.resolve(env);
  return path.join(repoRoot(), 'tests', 'fixtures', 'spec');
}
