import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadCollector } from '../../runtime/collectors/loadCollector';
import { UsageError } from '../../errors/UsageError';
import { isInputError } from '../../errors/exitCodes';
import { runSpecScript, type SpecRunOptions } from './runSpecScript';
import { specRoot } from './specRoot';

const USAGE = 'usage: npm run spec -- [--collector null|drc|copying|PATH] [--zeal N] [--fuel N] [--verbose] PATH...';

/** Every `*.json` under `p` (a file or a folder, recursively), sorted for a stable order. */
export function findSpecScripts(p: string): string[] {
  const st = fs.statSync(p);
  if (st.isFile()) return [p];
  const out: string[] = [];
  for (const entry of fs.readdirSync(p, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(p, entry.name);
    if (entry.isDirectory()) out.push(...findSpecScripts(full));
    else if (entry.isFile() && entry.name.endsWith('.json')) out.push(full);
  }
  return out;
}

interface CliArgs {
  readonly paths: string[];
  readonly options: SpecRunOptions;
  readonly verbose: boolean;
}

function parseArgs(argv: readonly string[]): CliArgs | { readonly help: true } {
  const paths: string[] = [];
  let collector: string | undefined;
  let zeal = 0;
  let fuel: number | undefined;
  let verbose = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      return v;
    };
    const count = (v: string): number => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0) throw new UsageError(`${a}: not a count: ${v}`);
      return n;
    };
    if (a === '--collector') collector = value();
    else if (a.startsWith('--collector=')) collector = a.slice('--collector='.length);
    else if (a === '--zeal') zeal = count(value());
    else if (a === '--fuel') fuel = count(value());
    else if (a === '--verbose' || a === '-v') verbose = true;
    else if (a === '--help' || a === '-h') return { help: true };
    else if (a.startsWith('-')) throw new UsageError(`unknown option ${a}\n${USAGE}`);
    else paths.push(a);
  }
  return {
    paths: paths.length > 0 ? paths : [specRoot()],
    options: {
      collector: loadCollector(collector ?? 'drc'),
      zeal,
      ...(fuel !== undefined ? { wasm: { fuel } } : {}),
    },
    verbose,
  };
}

/** ` (reason: N, ...)` for a non-empty count of skips by reason. */
function skipReasons(skips: Readonly<Record<string, number>>): string {
  const parts = Object.entries(skips).map(([why, n]) => `${why}: ${n}`);
  return parts.length > 0 ? ` (${parts.join('; ')})` : '';
}

/**
 * `npm run spec -- PATH...`: runs every spec script under the given files/folders (default: the
 * spec folder, see specRoot), one line per script (skips counted by reason: the out-of-scope
 * feature, or a text-only module), a line of all skips by reason, then exactly
 * `N passed, N failed, N skipped`.
 * Exit code 1 if any command failed, 2 on bad usage.
 */
export function specMain(argv: readonly string[]): number {
  let args: CliArgs;
  let files: string[];
  try {
    const parsed = parseArgs(argv);
    if ('help' in parsed) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    args = parsed;
    files = args.paths.flatMap((p) => {
      if (!fs.existsSync(p)) throw new UsageError(`no such file or folder: ${p}`);
      return findSpecScripts(p);
    });
  } catch (e) {
    if (isInputError(e)) {
      process.stderr.write(`${e.message}\n`);
      return 2;
    }
    throw e;
  }
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const skips: Record<string, number> = {};
  for (const file of files) {
    const r = runSpecScript(file, args.options);
    passed += r.passed;
    failed += r.failed;
    skipped += r.skipped;
    for (const [why, n] of Object.entries(r.skips)) skips[why] = (skips[why] ?? 0) + n;
    process.stdout.write(`${path.basename(file)}: ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped${skipReasons(r.skips)}\n`);
    const shown = args.verbose ? r.failures : r.failures.slice(0, 10);
    for (const f of shown) process.stdout.write(`  line ${f.line} ${f.command}: ${f.message}\n`);
    if (shown.length < r.failures.length) process.stdout.write(`  ... ${r.failures.length - shown.length} more (--verbose)\n`);
  }
  if (skipped > 0) process.stdout.write(`skipped${skipReasons(skips)}\n`);
  process.stdout.write(`${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  return failed > 0 ? 1 : 0;
}

if (require.main === module) process.exitCode = specMain(process.argv.slice(2));
