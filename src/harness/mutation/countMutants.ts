import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FileMutants } from './mutationShard';

/** The part of @stryker-mutator/instrumenter used here (an ES module, loaded on demand). */
interface InstrumenterModule {
  Instrumenter: new (logger: unknown) => {
    instrument(files: { name: string; mutate: boolean; content: string }[], options: { plugins: null; excludedMutations: string[]; ignorers: string[]; noHeader: boolean }): Promise<{ mutants: unknown[] }>;
  };
}

const quiet = { isDebugEnabled: (): boolean => false, isTraceEnabled: (): boolean => false, trace(): void {}, debug(): void {}, info(): void {}, warn(): void {}, error(): void {}, fatal(): void {} };

/**
 * How many mutants Stryker's instrumenter (the one `stryker run` uses, default mutators) makes of
 * each file, without building or running anything: what a night's slice is balanced by.
 */
export async function countMutants(root: string, files: readonly string[]): Promise<FileMutants[]> {
  const { Instrumenter } = (await import('@stryker-mutator/instrumenter')) as unknown as InstrumenterModule;
  const instrumenter = new Instrumenter(quiet);
  const out: FileMutants[] = [];
  for (const file of files) {
    const r = await instrumenter.instrument([{ name: file, mutate: true, content: readFileSync(join(root, file), 'utf8') }], { plugins: null, excludedMutations: [], ignorers: [], noHeader: false });
    out.push({ file, mutants: r.mutants.length });
  }
  return out;
}
