import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError } from '../src/errors/UsageError';
import { COLLECTORS_ENV, JSFUZZ_TARGETS, type JsfuzzTargetName } from './jsfuzzTargets';

const ROOT = resolve(__dirname, '../..');

/** The on-disk format of a jsfuzz crash that is not a project reproducer (see writeCrashReproducer). */
export const JSFUZZ_CRASH_FORMAT = 'gcfuzz-jsfuzz-crash';

/** Whether `file` is a raw jsfuzz crash record (rather than a project reproducer). */
export function isJsfuzzCrashRecord(file: string): boolean {
  try {
    const j = JSON.parse(readFileSync(file, 'utf8')) as { format?: unknown };
    return j.format === JSFUZZ_CRASH_FORMAT;
  } catch {
    return false;
  }
}

/**
 * Runs one input through a compiled jsfuzz target in-process, as jsfuzz's worker would (but
 * uninstrumented). `file` is a raw input (a jsfuzz `crash-*` file) or JSON carrying a base64
 * `input` (a crash record or a jsfuzz reproducer); a crash record also names its target and
 * collectors, which win over `target` and `collector`. Returns 1 if the target throws (printing
 * the exception), 0 if it passes; a missing file, unknown target or unbuilt module is a UsageError.
 */
export function replayJsfuzzInput(file: string, target: JsfuzzTargetName | null, collector: string | null): number {
  if (!existsSync(file)) throw new UsageError(`no such file: ${file}`);
  const raw = readFileSync(file);
  let input: Buffer = raw;
  let recordTarget: string | null = null;
  let recordCollector: string | null = null;
  if (raw[0] === 0x7b) {
    try {
      const j = JSON.parse(raw.toString('utf8')) as { format?: unknown; input?: unknown; collector?: unknown; target?: unknown };
      if (typeof j.input !== 'string') throw new UsageError(`${file}: JSON without a base64 "input"`);
      input = Buffer.from(j.input, 'base64');
      if (j.format === JSFUZZ_CRASH_FORMAT) {
        if (typeof j.target === 'string') recordTarget = j.target;
        if (typeof j.collector === 'string') recordCollector = j.collector;
      }
    } catch (e: unknown) {
      if (e instanceof UsageError) throw e;
      input = raw; // not JSON after all: a raw input that starts with '{'
    }
  }
  const name = recordTarget ?? target;
  if (name === null || !(name in JSFUZZ_TARGETS)) throw new UsageError(`${file}: name the target (--target ${Object.keys(JSFUZZ_TARGETS).join('|')})`);
  const t = JSFUZZ_TARGETS[name as JsfuzzTargetName];
  const module = join(ROOT, t.module);
  if (!existsSync(module)) throw new UsageError(`${t.module} is missing: run \`npm run build\``);
  if (t.usesCollectors) process.env[COLLECTORS_ENV] = recordCollector ?? collector ?? 'all';
  const { fuzz } = require(module) as { fuzz: (buf: Buffer) => unknown };
  try {
    fuzz(input);
  } catch (e: unknown) {
    process.stdout.write(`still failing (${t.name} target, ${input.length} bytes): ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return 1;
  }
  process.stdout.write(`passes: the ${t.name} target accepts the ${input.length}-byte input\n`);
  return 0;
}
