import { readdirSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { JsfuzzWorker } from './jsfuzzWorker';

export interface MinimiseOptions {
  /** The compiled jsfuzz target. */
  readonly target: string;
  /** Baseline inputs (the checked-in seeds): run first, never changed. */
  readonly seeds: readonly string[];
  /** The grown corpus directory; files that add nothing are deleted from it. */
  readonly dir: string;
  /** Inputs larger than this are deleted unrun. */
  readonly maxBytes: number;
  readonly env?: Readonly<Record<string, string>>;
}

export interface MinimiseResult {
  readonly kept: number;
  /** The kept files in the order they were kept, with the coverage each added. */
  readonly gains: readonly { readonly file: string; readonly gain: number }[];
  readonly bytes: number;
  /** Deleted because they reached no code the seeds and smaller kept inputs had not. */
  readonly redundant: number;
  readonly tooBig: number;
  /** Deleted because they crash the target (crashes are reported by the fuzzing run, not kept as corpus). */
  readonly crashing: number;
  /** jsfuzz's coverage counter over seeds plus kept inputs. */
  readonly coverage: number;
}

/**
 * Minimises a grown corpus the way libFuzzer's merge does, greedily: with jsfuzz's own
 * instrumentation, run the seeds, then the corpus files from smallest to largest, keeping a file
 * only if it raises the coverage counter. Deterministic for the same files.
 */
export async function minimiseCorpus(opts: MinimiseOptions): Promise<MinimiseResult> {
  const files = readdirSync(opts.dir)
    .map((name) => ({ path: join(opts.dir, name), size: statSync(join(opts.dir, name)).size }))
    .sort((a, b) => a.size - b.size || (a.path < b.path ? -1 : 1));
  const seeds = opts.seeds.map((s) => readFileSync(s));
  const kept: Buffer[] = [];
  const gains: { file: string; gain: number }[] = [];
  let tooBig = 0;
  let redundant = 0;
  let crashing = 0;
  const start = async (): Promise<{ worker: JsfuzzWorker; counter: number }> => {
    const worker = new JsfuzzWorker(opts.target, opts.env);
    let counter = 0;
    for (const input of [...seeds, ...kept]) {
      const c = await worker.run(input);
      if (c === 'crash') throw new Error('a seed or kept input crashed while rebuilding coverage');
      counter = c;
    }
    return { worker, counter };
  };
  let { worker, counter } = await start();
  try {
    for (const f of files) {
      if (f.size > opts.maxBytes) {
        unlinkSync(f.path);
        tooBig++;
        continue;
      }
      const input = readFileSync(f.path);
      const c = await worker.run(input);
      if (c === 'crash') {
        unlinkSync(f.path);
        crashing++;
        worker.dispose();
        ({ worker, counter } = await start());
      } else if (c > counter) {
        kept.push(input);
        gains.push({ file: f.path, gain: c - counter });
        counter = c;
      } else {
        unlinkSync(f.path);
        redundant++;
      }
    }
  } finally {
    worker.dispose();
  }
  return { kept: kept.length, gains, bytes: kept.reduce((a, b) => a + b.length, 0), redundant, tooBig, crashing, coverage: counter };
}
