import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { CorpusRecord } from '../src/harness/nightly/nightlySummary';
import { JSFUZZ_TARGETS, MAX_CORPUS_INPUT_BYTES, type JsfuzzTargetName } from './jsfuzzTargets';
import { minimiseCorpus } from './minimiseCorpus';

/** The regular files directly in `dir` (none when it does not exist). */
export function listFiles(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((f) => statSync(join(dir, f)).isFile()) : [];
}

/**
 * Copies every `<from>/<target>/<file>` of each `from` directory (a shard's grown corpus) into
 * `<corpusRoot>/<target>/`; jsfuzz names corpus files by the SHA-256 of their content, so equal
 * inputs from different shards land on one file. Returns the targets that had a directory.
 */
export function uniteCorpora(from: readonly string[], corpusRoot: string): JsfuzzTargetName[] {
  const targets = new Set<JsfuzzTargetName>();
  for (const dir of from) {
    for (const t of Object.keys(JSFUZZ_TARGETS) as JsfuzzTargetName[]) {
      const src = join(dir, t);
      if (!existsSync(src) || !statSync(src).isDirectory()) continue;
      targets.add(t);
      mkdirSync(join(corpusRoot, t), { recursive: true });
      if (resolve(src) === resolve(corpusRoot, t)) continue;
      for (const f of listFiles(src)) copyFileSync(join(src, f), join(corpusRoot, t, f));
    }
  }
  return [...targets];
}

/**
 * Minimises `<corpusRoot>/<target>` for each target against its checked-in seeds (fuzz/minimiseCorpus:
 * keep a file only if it raises jsfuzz's coverage counter) and describes the result; `before` holds
 * the file names present before the run, to count the files it added. `env` goes to the jsfuzz
 * workers (the instrumentation cache). A target whose minimisation fails is logged and left out.
 */
export async function minimiseNightlyCorpora(opts: {
  readonly root: string;
  readonly corpusRoot: string;
  readonly targets: readonly JsfuzzTargetName[];
  readonly before: ReadonlyMap<string, ReadonlySet<string>>;
  readonly env?: Readonly<Record<string, string>>;
  readonly log: (line: string) => void;
}): Promise<CorpusRecord[]> {
  const corpora: CorpusRecord[] = [];
  for (const t of opts.targets) {
    const target = JSFUZZ_TARGETS[t];
    const dir = join(opts.corpusRoot, t);
    if (!existsSync(dir)) continue;
    try {
      const seedsDir = join(opts.root, target.seeds);
      const m = await minimiseCorpus({ target: join(opts.root, target.module), seeds: listFiles(seedsDir).sort().map((f) => join(seedsDir, f)), dir, maxBytes: MAX_CORPUS_INPUT_BYTES, ...(opts.env ? { env: opts.env } : {}) });
      const before = opts.before.get(t) ?? new Set<string>();
      const files = listFiles(dir);
      corpora.push({ target: t, dir: relative(opts.root, dir), files: files.length, bytes: m.bytes, added: files.filter((f) => !before.has(f)).length });
      opts.log(`==nightly== corpus ${t}: kept ${m.kept} (${m.bytes} bytes), dropped ${m.redundant} redundant, ${m.tooBig} oversized, ${m.crashing} crashing`);
    } catch (e: unknown) {
      opts.log(`==nightly== corpus ${t}: minimisation failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return corpora;
}
