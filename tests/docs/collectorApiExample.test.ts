import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');

/** The code block after `<!-- example: NAME ... -->` in docs/collector-api.md. */
function docExample(name: string): string {
  const doc = fs.readFileSync(path.join(ROOT, 'docs/collector-api.md'), 'utf8');
  const at = doc.indexOf(`<!-- example: ${name}`);
  assert.ok(at >= 0, `docs/collector-api.md has no example ${name}`);
  const open = doc.indexOf('```ts\n', at) + '```ts\n'.length;
  return doc.slice(open, doc.indexOf('```', open));
}

test('the TypeScript collector of docs/collector-api.md compiles against the emitted .d.ts files and fuzzes clean', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcfuzz-ts-collector-'));
  try {
    fs.mkdirSync(path.join(dir, 'node_modules'));
    fs.symlinkSync(ROOT, path.join(dir, 'node_modules', 'gcfuzz'), 'dir');
    fs.writeFileSync(path.join(dir, 'my-collector.ts'), docExample('my-collector.ts'));
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'commonjs', target: 'es2023', strict: true, skipLibCheck: true, types: [], outDir: 'dist' }, files: ['my-collector.ts'] }));
    const tsc = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', dir], { encoding: 'utf8' });
    assert.equal(tsc.status, 0, `tsc: ${tsc.stdout}${tsc.stderr}`);
    const out = path.join(dir, 'out');
    const run = spawnSync(process.execPath, [path.join(ROOT, 'dist/src/cli.js'), 'fuzz', '--collector', path.join(dir, 'dist/my-collector.js'), '--runs', '10', '--out', out, '--json'], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const summary = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { collectors: string[]; runs: number };
    assert.deepEqual(summary.collectors, ['my-drc']);
    assert.equal(summary.runs, 10);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
