import { wasmCaseFromJson } from '../../src/cases/wasmCaseJson';
import { V8Engine } from './v8Engine';

/**
 * Child-process entry (v8Tiers.ts): reads a Wasm case as JSON on stdin, runs it on V8 under the
 * V8 flags this process was started with, and writes the Outcome as JSON on stdout.
 */
function main(): void {
  const chunks: Buffer[] = [];
  process.stdin.on('data', (d: Buffer) => chunks.push(d));
  process.stdin.on('end', () => {
    const outcome = new V8Engine().run(wasmCaseFromJson(Buffer.concat(chunks).toString('utf8')));
    process.stdout.write(JSON.stringify(outcome));
  });
}

main();
