import fc from 'fast-check';
import { DecodeError } from '../errors/DecodeError';
import { ValidationError } from '../errors/ValidationError';
import { GcTypeRegistry } from '../runtime/gcTypes';
import { decodeModule } from '../wasm/binary/decodeModule';
import { mutatedBytesArb } from '../wasm/binary/mutatedBytesArb';
import { specBinaries } from '../wasm/spec/specBinaries';
import type { Module } from '../wasm/syntax/module';
import { validateModule } from '../wasm/validation/validateModule';

/**
 * Decoder robustness benchmark (not a test): the robustness property of
 * tests/wasm/binary/robustness.test.ts over many more inputs. Every input must decode or throw
 * DecodeError, and every decoded module must validate or throw ValidationError; anything else is
 * a finding and makes the script exit 1. Prints throughput (decode + validate) and the outcome
 * counts per DecodeError reason.
 *
 * Usage: node dist/src/bench/decoderRobustnessBench.js [inputs=100000] [seed=1]
 */
function main(): void {
  const total = Number(process.argv[2] ?? 100_000);
  const seed = Number(process.argv[3] ?? 1);
  const corpus = specBinaries().map((b) => b.bytes);
  const arb = mutatedBytesArb(corpus);
  const outcomes = new Map<string, number>();
  const bump = (k: string): void => void outcomes.set(k, (outcomes.get(k) ?? 0) + 1);
  const findings: string[] = [];

  const batch = 10_000;
  let decodeMs = 0;
  let validateMs = 0;
  let bytesDecoded = 0;
  const t0 = performance.now();
  for (let done = 0; done < total; done += batch) {
    const inputs = fc.sample(arb, { seed: seed + done, numRuns: Math.min(batch, total - done) });
    for (const bytes of inputs) {
      bytesDecoded += bytes.length;
      const t = performance.now();
      let m: Module;
      try {
        m = decodeModule(bytes);
      } catch (e) {
        if (e instanceof DecodeError) {
          bump(`DecodeError: ${e.reason.replace(/^illegal opcode .*/, 'illegal opcode')}`);
        } else {
          bump(`OTHER (decode): ${String(e)}`);
          if (findings.length < 10) findings.push(`${String(e)} for ${Buffer.from(bytes).toString('hex')}`);
        }
        continue;
      } finally {
        decodeMs += performance.now() - t;
      }
      const tv = performance.now();
      try {
        validateModule(m, new GcTypeRegistry());
        bump('decoded, valid');
      } catch (e) {
        if (e instanceof ValidationError) {
          bump('decoded, ValidationError');
        } else {
          bump(`OTHER (validate): ${String(e)}`);
          if (findings.length < 10) findings.push(`${String(e)} for ${Buffer.from(bytes).toString('hex')}`);
        }
      } finally {
        validateMs += performance.now() - tv;
      }
    }
  }
  const wallMs = performance.now() - t0;

  console.log(`decoder robustness: ${total} inputs (seed ${seed}), corpus ${corpus.length} spec binaries`);
  console.log(`  decode:            ${Math.round(total / (decodeMs / 1000))} inputs/s (${(bytesDecoded / 1e6 / (decodeMs / 1000)).toFixed(1)} MB/s)`);
  console.log(`  decode + validate: ${Math.round(total / ((decodeMs + validateMs) / 1000))} inputs/s`);
  console.log(`  with generation:   ${Math.round(total / (wallMs / 1000))} inputs/s`);
  for (const [k, v] of [...outcomes].sort((a, b) => b[1] - a[1])) console.log(`  ${String(v).padStart(7)}  ${k}`);
  if (findings.length > 0) {
    console.log('FINDINGS (exceptions other than DecodeError):');
    for (const f of findings) console.log(`  ${f}`);
    process.exitCode = 1;
  }
}

main();
