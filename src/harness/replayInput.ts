import * as fs from 'node:fs';
import * as path from 'node:path';
import { UsageError } from '../errors/UsageError';
import { OracleFailure } from '../../oracles/OracleFailure';
import { REPRODUCER_FORMAT } from './reproducer';
import { resolveCollectors } from './resolveCollectors';
import { runCase } from './runCase';
import { getTarget, targetNames } from './targetRegistry';
import { isModuleFile } from './targets/wasm/moduleFileReproducer';

/** The on-disk format of a jsfuzz crash that did not recur in-process (fuzz/writeCrashReproducer.ts). */
export const JSFUZZ_CRASH_FORMAT = 'gcfuzz-jsfuzz-crash';

/**
 * What a file given to `replay` is. Every artifact gcfuzz writes is one of these: a reproducer
 * (`format: gcfuzz-reproducer`), a jsfuzz crash record (`format: gcfuzz-jsfuzz-crash`, carrying
 * its target, collectors and base64 input), or a raw input as jsfuzz saves it (`crash-<sha256>`
 * under reports/fuzz-cov/<target>/), whose target is `--target` or the directory it lies in.
 * A `.wat` or `.wasm` file is a Wasm module replayed with the script of the reproducer `.json`
 * beside it (moduleFileReproducer.ts), so it counts as a reproducer, unless `--target` names the
 * target it is a raw input of (a decoder input is a `.wasm` file too).
 */
export type Artifact =
  | { readonly kind: 'reproducer' }
  | { readonly kind: 'input'; readonly input: Uint8Array; readonly target: string; readonly collector: string };

export function classifyArtifact(file: string, targetFlag: string | null = null, collectorFlag: string | null = null): Artifact {
  if (targetFlag === null && isModuleFile(file)) return { kind: 'reproducer' };
  let raw: Buffer;
  try {
    raw = fs.readFileSync(file);
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as Error).message}`);
  }
  let json: unknown = undefined;
  if (raw[0] === 0x7b) {
    try {
      json = JSON.parse(raw.toString('utf8'));
    } catch {
      json = undefined; // a raw input that happens to start with '{', or a corrupt reproducer (below)
    }
  }
  const j = (typeof json === 'object' && json !== null ? json : {}) as { format?: unknown; input?: unknown; target?: unknown; collector?: unknown };
  if (j.format === REPRODUCER_FORMAT) return { kind: 'reproducer' };
  if (j.format === JSFUZZ_CRASH_FORMAT) {
    if (typeof j.input !== 'string') throw new UsageError(`${file}: jsfuzz crash record without a base64 "input"`);
    const target = targetFlag ?? (typeof j.target === 'string' ? j.target : null);
    if (target === null || !targetNames().includes(target)) throw new UsageError(`${file}: names no known target (${String(j.target)}); use --target ${targetNames().join('|')}`);
    return { kind: 'input', input: new Uint8Array(Buffer.from(j.input, 'base64')), target, collector: collectorFlag ?? (typeof j.collector === 'string' ? j.collector : 'all') };
  }
  // A reproducer whose JSON is cut short still says what it is: report it as corrupt, not as an input.
  if (json === undefined && raw.subarray(0, 200).toString('utf8').includes(`"${REPRODUCER_FORMAT}"`)) return { kind: 'reproducer' };
  const fromDir = path.basename(path.dirname(path.resolve(file)));
  const target = targetFlag ?? (targetNames().includes(fromDir) ? fromDir : null);
  if (target === null) throw new UsageError(`${file} is not a gcfuzz reproducer or crash record; to replay it as a raw input, name its target: --target ${targetNames().join('|')}`);
  if (!targetNames().includes(target)) throw new UsageError(`unknown target '${target}': use one of ${targetNames().join(', ')}`);
  return { kind: 'input', input: new Uint8Array(raw), target, collector: collectorFlag ?? 'all' };
}

/** Runs a raw input through its target (`fromBytes`, then every oracle); the failure, or null when it passes. */
export function replayInput(a: Extract<Artifact, { kind: 'input' }>): OracleFailure | null {
  const target = getTarget(a.target);
  const collectors = target.usesCollectors === false ? [] : resolveCollectors(a.collector).collectors;
  try {
    runCase(target, target.fromBytes(a.input), collectors);
    return null;
  } catch (e) {
    if (e instanceof OracleFailure) return e;
    throw e;
  }
}
