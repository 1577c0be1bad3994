import { spawn } from 'node:child_process';

/**
 * Runs `c8 report` (include/exclude/all from `.c8rc.json` in `root`) over the V8 coverage in
 * `tempDir`, writing `reporters` into `reportDir`. Resolves to null on success, else c8's error text.
 */
export function runC8Report(root: string, tempDir: string, reportDir: string, reporters: readonly string[]): Promise<string | null> {
  const c8 = require.resolve('c8/bin/c8.js');
  const args = [c8, 'report', '--temp-directory', tempDir, '--reports-dir', reportDir, ...reporters.flatMap((r) => ['--reporter', r])];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    child.stdout.resume();
    child.on('error', (e) => resolve(e.message));
    child.on('close', (code) => resolve(code === 0 ? null : `c8 report exited with ${code}: ${err.trim().slice(-500)}`));
  });
}
