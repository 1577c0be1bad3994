import { readFileSync } from 'node:fs';
import { UsageError } from '../src/errors/UsageError';
import { classifyArtifact, replayInput } from '../src/harness/replayInput';

export { JSFUZZ_CRASH_FORMAT } from '../src/harness/replayInput';

/**
 * `fuzz:cov --replay FILE`: runs one input through a target in-process, as jsfuzz's worker would
 * (but uninstrumented). `file` is a raw input (a jsfuzz `crash-*` file), a crash record, or a
 * jsfuzz reproducer (whose raw `input` is run, not its minimised case); a crash record names its
 * own target and collectors, which `target` and `collector` override. Returns 1 if an oracle fails
 * (printing it), 0 if it passes; a missing file or unknown target is a UsageError. (`npm run
 * replay` does the same through src/harness/replayInput.ts, under a timeout.)
 */
export function replayJsfuzzInput(file: string, target: string | null, collector: string | null): number {
  let a = classifyArtifact(file, target, collector);
  if (a.kind === 'reproducer') {
    const j = JSON.parse(readFileSync(file, 'utf8')) as { input?: unknown; target?: unknown };
    if (typeof j.input !== 'string') throw new UsageError(`${file}: a reproducer without the jsfuzz "input" it came from; use \`npm run replay -- ${file}\``);
    a = { kind: 'input', input: new Uint8Array(Buffer.from(j.input, 'base64')), target: target ?? String(j.target), collector: collector ?? 'all' };
  }
  const f = replayInput(a);
  if (f !== null) {
    process.stdout.write(`still failing (${a.target} target, ${a.input.length} bytes): ${f.message}\n`);
    return 1;
  }
  process.stdout.write(`passes: the ${a.target} target accepts the ${a.input.length}-byte input\n`);
  return 0;
}
