import type { WasmCase } from '../../src/cases/wasmCase';
import { wasmCaseFromJson } from '../../src/cases/wasmCaseJson';
import type { V8Engine } from './v8Engine';

/**
 * The body of a forced-tier child process (v8Tiers.ts): reads a Wasm case as JSON on stdin, runs it
 * on the V8 engine `engineFor` builds for it (with the imports its target gives V8) under the V8
 * flags the process was started with, and writes the Outcome as JSON on stdout.
 */
export function serveV8Tier(engineFor: (c: WasmCase) => V8Engine): void {
  const chunks: Buffer[] = [];
  process.stdin.on('data', (d: Buffer) => chunks.push(d));
  process.stdin.on('end', () => {
    const c = wasmCaseFromJson(Buffer.concat(chunks).toString('utf8'));
    process.stdout.write(JSON.stringify(engineFor(c).run(c)));
  });
}
